from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "firm" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "external_id" VARCHAR(128) NOT NULL UNIQUE,
    "name" VARCHAR(255) NOT NULL,
    "default_currency" VARCHAR(3) NOT NULL
) /* A customer of the billing application: the unit of tenancy. */;
CREATE TABLE IF NOT EXISTS "app_user" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "external_id" VARCHAR(128) NOT NULL UNIQUE,
    "email" VARCHAR(255),
    "name" VARCHAR(255) NOT NULL
) /* A person who signs in through the billing application. */;
CREATE TABLE IF NOT EXISTS "membership" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "role" VARCHAR(16) NOT NULL /* MASTER_ADMIN: MASTER_ADMIN\nFIRM_ADMIN: FIRM_ADMIN\nSTAFF: STAFF */,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE,
    "user_id" CHAR(36) NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_membership_user_id_993f73" UNIQUE ("user_id", "firm_id")
) /* A user's role in a firm. */;
CREATE TABLE IF NOT EXISTS "customer" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "name" VARCHAR(500) NOT NULL,
    "email" VARCHAR(255),
    "phone" VARCHAR(64),
    "address_line1" VARCHAR(255),
    "address_line2" VARCHAR(255),
    "city" VARCHAR(128),
    "region" VARCHAR(128),
    "postal_code" VARCHAR(32),
    "country" VARCHAR(64),
    "currency" VARCHAR(3) NOT NULL,
    "active" INT NOT NULL,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE
) /* A client of the firm, billed by invoices. */;
CREATE INDEX IF NOT EXISTS "idx_customer_firm_id_f75168" ON "customer" ("firm_id", "name");
CREATE TABLE IF NOT EXISTS "item" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "unit_price" VARCHAR(40) NOT NULL,
    "sku" VARCHAR(100),
    "active" INT NOT NULL,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE
) /* A product or service the firm sells. */;
CREATE INDEX IF NOT EXISTS "idx_item_firm_id_1ee31a" ON "item" ("firm_id", "name");
CREATE TABLE IF NOT EXISTS "invoice" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "doc_type" VARCHAR(16) NOT NULL /* INVOICE: INVOICE\nESTIMATE: ESTIMATE */,
    "number" VARCHAR(64) NOT NULL,
    "issue_date" DATE NOT NULL,
    "due_date" DATE,
    "currency" VARCHAR(3) NOT NULL,
    "status" VARCHAR(16) NOT NULL /* DRAFT: DRAFT\nSENT: SENT\nPARTIAL: PARTIAL\nPAID: PAID\nOVERDUE: OVERDUE\nVOID: VOID */,
    "subtotal" VARCHAR(40) NOT NULL,
    "tax_total" VARCHAR(40) NOT NULL,
    "total" VARCHAR(40) NOT NULL,
    "amount_paid" VARCHAR(40) NOT NULL,
    "balance" VARCHAR(40) NOT NULL,
    "memo" TEXT,
    "locked" INT NOT NULL,
    "issued_at" TIMESTAMP,
    "paid_at" TIMESTAMP,
    "voided_at" TIMESTAMP,
    "customer_id" CHAR(36) NOT NULL REFERENCES "customer" ("id") ON DELETE RESTRICT,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_invoice_firm_id_f650ad" UNIQUE ("firm_id", "doc_type", "number")
) /* An invoice or estimate with its totals and payment state. */;
CREATE INDEX IF NOT EXISTS "idx_invoice_firm_id_7ee2e4" ON "invoice" ("firm_id", "status");
CREATE INDEX IF NOT EXISTS "idx_invoice_firm_id_db75cf" ON "invoice" ("firm_id", "due_date");
CREATE TABLE IF NOT EXISTS "invoice_line" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "position" INT NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" VARCHAR(40) NOT NULL,
    "unit_price" VARCHAR(40) NOT NULL,
    "tax_rate" VARCHAR(40) NOT NULL,
    "amount" VARCHAR(40) NOT NULL,
    "invoice_id" CHAR(36) NOT NULL REFERENCES "invoice" ("id") ON DELETE CASCADE,
    "item_id" CHAR(36) REFERENCES "item" ("id") ON DELETE SET NULL
) /* One line of an invoice. */;
CREATE TABLE IF NOT EXISTS "payment" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "date" DATE NOT NULL,
    "amount" VARCHAR(40) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "method" VARCHAR(64),
    "reference" VARCHAR(128),
    "origin" VARCHAR(16) NOT NULL /* LOCAL: LOCAL\nPROVIDER: PROVIDER */,
    "refunded_amount" VARCHAR(40) NOT NULL,
    "customer_id" CHAR(36) REFERENCES "customer" ("id") ON DELETE RESTRICT,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE
) /* Money received from a customer, applied to one or more invoices. */;
CREATE INDEX IF NOT EXISTS "idx_payment_firm_id_fe7a8b" ON "payment" ("firm_id", "date");
CREATE TABLE IF NOT EXISTS "payment_application" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "amount" VARCHAR(40) NOT NULL,
    "invoice_id" CHAR(36) NOT NULL REFERENCES "invoice" ("id") ON DELETE RESTRICT,
    "payment_id" CHAR(36) NOT NULL REFERENCES "payment" ("id") ON DELETE CASCADE
) /* The part of a payment applied to one invoice. */;
CREATE TABLE IF NOT EXISTS "refund" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "date" DATE NOT NULL,
    "amount" VARCHAR(40) NOT NULL,
    "method" VARCHAR(64),
    "reference" VARCHAR(128),
    "reason" TEXT,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE,
    "payment_id" CHAR(36) NOT NULL REFERENCES "payment" ("id") ON DELETE RESTRICT
) /* Money returned to a customer from a payment. */;
CREATE TABLE IF NOT EXISTS "connection" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "provider" VARCHAR(32) NOT NULL /* QUICKBOOKS_ONLINE: QUICKBOOKS_ONLINE\nXERO: XERO\nQUICKBOOKS_DESKTOP: QUICKBOOKS_DESKTOP */,
    "status" VARCHAR(16) NOT NULL /* PENDING: PENDING\nACTIVE: ACTIVE\nEXPIRED: EXPIRED\nERROR: ERROR\nREVOKED: REVOKED */,
    "remote_company_id" VARCHAR(128),
    "remote_company_name" VARCHAR(255),
    "credentials" TEXT,
    "credentials_version" INT NOT NULL,
    "access_expires_at" TIMESTAMP,
    "refresh_expires_at" TIMESTAMP,
    "refresh_hard_expires_at" TIMESTAMP,
    "settings" JSON NOT NULL,
    "last_sync_at" TIMESTAMP,
    "last_error" TEXT,
    "connected_by_id" CHAR(36) REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE
) /* A firm's link to one company in an accounting platform. */;
CREATE INDEX IF NOT EXISTS "idx_connection_firm_id_b6ab97" ON "connection" ("firm_id", "status");
CREATE TABLE IF NOT EXISTS "external_mapping" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "provider" VARCHAR(32) NOT NULL /* QUICKBOOKS_ONLINE: QUICKBOOKS_ONLINE\nXERO: XERO\nQUICKBOOKS_DESKTOP: QUICKBOOKS_DESKTOP */,
    "remote_company_id" VARCHAR(128) NOT NULL,
    "entity" VARCHAR(16) NOT NULL /* CUSTOMER: CUSTOMER\nITEM: ITEM\nINVOICE: INVOICE\nESTIMATE: ESTIMATE\nPAYMENT: PAYMENT\nREFUND: REFUND */,
    "local_id" CHAR(36) NOT NULL,
    "remote_id" VARCHAR(128),
    "remote_number" VARCHAR(64),
    "remote_version" VARCHAR(64),
    "state" VARCHAR(16) NOT NULL /* PENDING: PENDING\nSYNCED: SYNCED\nERROR: ERROR */,
    "idempotency_key" VARCHAR(64) NOT NULL UNIQUE,
    "last_error" TEXT,
    "last_error_code" VARCHAR(64),
    "last_synced_at" TIMESTAMP,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_external_ma_firm_id_37ee9e" UNIQUE ("firm_id", "provider", "remote_company_id", "entity", "local_id")
) /* Links a local record to its twin in one remote company. */;
CREATE INDEX IF NOT EXISTS "idx_external_ma_firm_id_020b5a" ON "external_mapping" ("firm_id", "entity", "local_id");
CREATE INDEX IF NOT EXISTS "idx_external_ma_provide_e9a2a0" ON "external_mapping" ("provider", "remote_company_id", "remote_id");
CREATE TABLE IF NOT EXISTS "sync_run" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "connection_id" CHAR(36),
    "kind" VARCHAR(32) NOT NULL /* OVERDUE_SWEEP: OVERDUE_SWEEP\nPUSH_INVOICES: PUSH_INVOICES\nPUSH_CUSTOMERS: PUSH_CUSTOMERS\nPULL_PAYMENTS: PULL_PAYMENTS\nIMPORT_CUSTOMERS: IMPORT_CUSTOMERS\nIMPORT_INVOICES: IMPORT_INVOICES\nFULL_SYNC: FULL_SYNC\nWEBHOOK: WEBHOOK */,
    "trigger" VARCHAR(16) NOT NULL /* USER: USER\nSCHEDULE: SCHEDULE\nWEBHOOK: WEBHOOK\nAUTO: AUTO */,
    "status" VARCHAR(16) NOT NULL /* QUEUED: QUEUED\nRUNNING: RUNNING\nSUCCEEDED: SUCCEEDED\nPARTIAL: PARTIAL\nFAILED: FAILED */,
    "started_at" TIMESTAMP,
    "finished_at" TIMESTAMP,
    "total" INT NOT NULL,
    "processed" INT NOT NULL,
    "succeeded" INT NOT NULL,
    "failed" INT NOT NULL,
    "skipped" INT NOT NULL,
    "last_event_seq" INT NOT NULL,
    "snapshot" JSON NOT NULL,
    "error" TEXT,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE,
    "started_by_id" CHAR(36) REFERENCES "app_user" ("id") ON DELETE SET NULL
) /* One run of a sync job, with its counters and the latest progress snapshot. */;
CREATE INDEX IF NOT EXISTS "idx_sync_run_firm_id_cff39a" ON "sync_run" ("firm_id", "created_at");
CREATE TABLE IF NOT EXISTS "sync_run_item" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "entity" VARCHAR(16) NOT NULL /* CUSTOMER: CUSTOMER\nITEM: ITEM\nINVOICE: INVOICE\nESTIMATE: ESTIMATE\nPAYMENT: PAYMENT\nREFUND: REFUND */,
    "local_id" CHAR(36),
    "remote_id" VARCHAR(128),
    "label" VARCHAR(255) NOT NULL,
    "outcome" VARCHAR(16) NOT NULL /* SUCCEEDED: SUCCEEDED\nWARNING: WARNING\nFAILED: FAILED\nSKIPPED: SKIPPED */,
    "action" VARCHAR(32) NOT NULL,
    "error_code" VARCHAR(64),
    "message" TEXT,
    "hint" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "run_id" CHAR(36) NOT NULL REFERENCES "sync_run" ("id") ON DELETE CASCADE
) /* The outcome for one record in a sync run, with an actionable error if it failed. */;
CREATE TABLE IF NOT EXISTS "activity" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "source" VARCHAR(16) NOT NULL /* USER: USER\nSYSTEM: SYSTEM\nPROVIDER: PROVIDER */,
    "action" VARCHAR(64) NOT NULL,
    "subject_type" VARCHAR(32) NOT NULL,
    "subject_id" CHAR(36),
    "description" TEXT NOT NULL,
    "ip_address" VARCHAR(64),
    "created_at" TIMESTAMP NOT NULL,
    "actor_id" CHAR(36) REFERENCES "app_user" ("id") ON DELETE SET NULL,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE
) /* The audit trail: who did what to which record, and when. */;
CREATE INDEX IF NOT EXISTS "idx_activity_firm_id_a5d749" ON "activity" ("firm_id", "created_at");
CREATE TABLE IF NOT EXISTS "webhook_delivery" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "provider" VARCHAR(32) NOT NULL /* QUICKBOOKS_ONLINE: QUICKBOOKS_ONLINE\nXERO: XERO\nQUICKBOOKS_DESKTOP: QUICKBOOKS_DESKTOP */,
    "event_id" VARCHAR(255) NOT NULL,
    "received_at" TIMESTAMP NOT NULL,
    "signature_valid" INT NOT NULL,
    "state" VARCHAR(16) NOT NULL /* RECEIVED: RECEIVED\nPROCESSED: PROCESSED\nFAILED: FAILED\nREJECTED: REJECTED */,
    "payload" JSON,
    "error" TEXT,
    "processed_at" TIMESTAMP,
    "firm_id" CHAR(36) REFERENCES "firm" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_webhook_del_provide_5c7aef" UNIQUE ("provider", "event_id")
) /* One received webhook delivery; the unique event id makes redelivery harmless. */;
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXWtz4jgW/SsqvmxPFdOVkPRj2a2tIuBMMwmQ5ZGe2WHKY2wleGNkxo+kU7P931eSLf"
    "ySwTYv4+gLGFlXNufKsu6590p/1RamBg37/bVuLWpN8FcNKQuIDyLldVBTlsuglBQ4ysyg"
    "FR9YjZntWIrq4LIHxbAhLtKgrVr60tFNRGq2gOrajrmAFjAfgDOHYKYbho4eAW7d0FWFVG"
    "zSEy7SHVoJIgWpr+/JBTRTxVfA1XfQFi7704WyYz5CXMXCLf72Oy7WkQa/QZv9XD7JDzo0"
    "tAgwukYaoOWy87qkZZNJt3NNa5L7nMmqabgLFNRevjpzE62qu66uvScy5NwjRNBSHKiFgE"
    "OuYfj4siLvjnGBY7lwdataUKDBB8U1CPy1fz64SCUAAHol8nH5L//WQtVkuT8YyyNpLMu1"
    "hLbILcRA94tUExFN68ghQP313Ws3AISW1sgF2l9aw3cXH3+gEJi282jRkxSu2ncqqDiKJ0"
    "pBD1BWLUgwkRUniXYHn3H0BeQjHpWMIa/5ou/ZQRENsIJABUGHZ+Ay+PYAeA3/QW2AjFdf"
    "92sUMO72pNG41bsjl1vY9p8Gxa81lsiZBi19jZW+8/Rl4mfZe8BXjYCv3fEXQH6C/wz6Ul"
    "yrq3rj/9TIPSmuY8rIfJEVLdRNWSlDDdcMtO4utYJaj0oKrZdF6wyjkNr9uw+0Dr850EKK"
    "IfOG1vZcsfgqj4nFdI6x28/ouk8dL5RvsgHRozPHP88bn9co+b41pMMrrhXTXN8/1fDOfY"
    "9gTb9zgMzq7wbdLM9QbV8vqii6jQ8fMqCLa6WiS89F0fXvWVZdy4J4rpEHaZ7sAVGfjDqH"
    "Af4iA+wXqaBfEMjJ3OzhKTRvIAUzRX16USxNjpwJTWjhYgYte64v7aRarnzh65shNOjckQ"
    "O/PyXurRo6wdfId9btWClvQGZT6y2BavvNVBUm3YGLLSHq4iYqCw96NnUVbouQ10pVQVoq"
    "rwtIBLYC6c5rpaogWRAbtNqWGA1pI1WFCJ9FkNr82w7aq4aqCtVCWS5xI1viJPnWR89rra"
    "pg2a9IlS132141ws0M3cp2KQU/MM+6o2/7smt57bxWFacXOJub5hO+uqE/Q2trvL567XW8"
    "5rLA5pvzpUeNWDRmw0yzcZKnFo1FvERByiP9S+Ta5Eo+ahObMt4Jrp+W19dx/fiM7LJaGf"
    "j+JbYhTARe5iaw9UdkAx0BZ26Z7uM8jbPnUf1FmxEsv2D5Bd8rWH6hdcHyvymWHy4U3ciF"
    "MhMohG/JJlUHIPqFG2XX6ApOv4oEUclGhnJSHqcI0hEYj1OBaZ+me2ic4hjw0VEs3YxfRO"
    "tlMOSJ0f83G1imAYnxrQAS9ccz1dMrcozx32qMTKBBhL8L41wY5yfxxj1RM00Y529R61mM"
    "czJe8+0ZCbkLqu8uxkJBnic+oncme0DbBv/b6+uco2mt1xqNpaHc6vS6/SYI/5qi6+6wx8"
    "4Ex1NEL9QEwfXyWvcfsxj3ccWHbPuPccuTvCm5FEr6CzAkssu3YDnmX4VeeqHhDk9AcsIZ"
    "EhFw8iz3KLpJaK9NC+qP6Aa+JgYWvpHAHFOnCWnCQsDFlvKymteGOxT+7/gfQ8cbflujdq"
    "sj1RLP/w4gZXk9FYU0NOTxIU1nl/Zpvq0iIjnGWzhaMt10U8O1smRcGTpEDsuRIrDUqbsU"
    "amD2CliIHje/KrvkZj/rb6t+S//178K0E6ZdOUeYE53kC9PuLWo9i2lXflfVwVyBH87OMp"
    "hjuFaqPUbPCV/rQX2tSwxSrh68EqgewB8vM+D78TIVXnIqii4eSPBYY8uGjuB5HpQTgtVD"
    "ey/dOYxboyjgDQF4ZsBV372YFWdWv3rw7iXWyIKPvoc3K8CBhIA4E8RkRqgYGEEt33swKl"
    "Y9sC8aWXKJG+nJxI3EWGG6yLHyDReBSPUQ3v18o0hqvEiJ35gSn4jN4YwUV6ZpQAWlzC5W"
    "QjGEZ1hqXxAzcu2wxNnVYHAbMd6vuuMYuJPelYSHaYo5rqR77HG3PxbeuAO6j4SvY8++Dp"
    "GsX+pk/ZJNDY4S8UhXyOC4y9jKGemuMp3VyJKoaJmaqzrAtIANrWfch1deL1xgGFwPWTYh"
    "4RwTzrGacJMI55jQunCOlUuvh1gQL7izBMxj+M3hwxwTqwKvsu6hkX4ZR54XBum7XuuXHy"
    "LPzO2g/xOrHlJB+3ZwFQ9sRLojLy1/Nh4bz6CqLxQjZTiLCMaHM0/yvd/C3qiXsyNMGTpS"
    "u9tr3b47v6w3YoY/08dlwvtrP7l5xg+/ehU6dIz3zuRaP1/jWj9PutYFkSWIrBKN04LIOh"
    "0ii3rJd8Nm3eooy6y9ZMPzccgan//j8TUBNbiGsglV2szaIBaFTBgYaGPrCmsHvOjOHOiO"
    "DRzTwYJAQRrwiTuAHzAHcqicbVri5rWyBx5fxutVtK+QrNtElmtQmbTp2jV8PtQAbpqYjo"
    "IVEqxQWcf3E+UHBCv0FrWehRUKj9pFMmLD8geMV+j27wfdtpRzXGViTeAfTBHGD1vCY1zE"
    "juKvzEwm4c5zX/03KFcrKXzdSqKCjN3ug3N022bzDe5wlzKliEitG+pOEPJ1hBF5MGJ8Zw"
    "H4tN2BV04bJCN2IjIs+YjvODLMtzAKvtYC6QNC3Rm2rsd5X2lUqAno1xSNpD7+QT6n6K41"
    "HHdbt03gH5CSbof87HamaHAvDTsT/N7zD6YIvxHxWfJZjleg7c6oNZqT1A+LCUo/jH6S0n"
    "ewBotgHJETIG8AuQjAAtxs4CoLEpMuLxUeNbQW4pikAHo90DPFYG/KHCCHpATA6wFewIWZ"
    "RDc9cIDVr4KD9dARA4apPkHOgLHW2xoIHdDbuio5WXcrNZmL0IoRwR2wiifU58tNIia5Y/"
    "ISLaDhkJjQb5n1+2zqWqFnOCIodFxmHbPltnKGxsTERHiMiDYS0UaHhXT7aCPeOLADWCu4"
    "K3Ic2tjwF4F3iMfkYbc9zhbNdfAorlOBnJeXKIf2v9tNjmIraLBK2B0gBI52t/QwONYbN4"
    "bC0ThGWnNjPNwAQUBqkyU7lVVEWzLabU09sWFiCd7sdSCi0N5OPJKIQnuLWs8ShYab0/mJ"
    "c12UQn+HRWLK1jOtOFBIvWf70u0juYMfG+eXny4/X3y8/Iyr0LtclXxao+4k6XrEZMRibp"
    "ojvJv24ln401WQw12Fb62fLCx2JEfZ+XEdZZeZHWUi3fNgsSEWP75vU2gIE3uDEH/K0ZG9"
    "CISc+AZCbxDdXB2YmZU5zbWIlOBf46A6MC+dHRLZAs7T8fwUZ7NDOYFbMq/VW52sHiNeo8"
    "/pZlqbLZG1LbB+MyfZWzeDGjyqEUTx9UF/cnt7rM2E2DpyHJYxtMRcOsO4DFXaSC72TARf"
    "gQVVqD9DDTxY5gIogBH9dUCpZ3zCMYGJaBrtAveiNRsM7aLBPEuriSRaQV+WeYg/USJL0J"
    "dvUetZ6MvcaXAif/BErd8joVfE/BU5hrV95xgu8FzM5Mym0gEOJKoQtr/vHG0LPkDSH3Ot"
    "WxkRqh7Ke9l1xbT0Rz1lY5vNybKB9AHHjNtBu3Wbc9TwhJqAfk3R3XBw3+1IwyZgR3HTLZ"
    "NCdp74inuwi2jYdJFXJEdaMMWbXpVHDn0u2YgjIp9LAqeIfK5+5HM5n/0DBj6LUN78YdDe"
    "S35LuIa0kSpBdAAfRLhzpbsjYl1wo2ciHM+ezUsxnkOwVCyHhjav1uqMuRJSA6NzS4tw6R"
    "JMB+rC3/CGmGfhb3iLWs/ibxDUuYgcKwe8OegANtPJB2pUSoC6nhQIxblsacBm37mxpMBu"
    "NGCjPStDAJkIzttFcF4WbmCfZpxv9HJMt8AcTjfXrKBO5jgyx7WQZ1QFQV8sCMzvhOkxY1"
    "mFhX1WgpG5LuyzNzRTF/bZW9S6iAcT8WBHR6/Y+qIiWEkEK1UgWAm/N+x8ae2BRBUgPnRK"
    "u4jjEDxYGUEVwTGHDI4R1OJOqMVj019tEyGopkUvhM7W19FgarTe5v1LAelrf7PJYmxPLL"
    "xANRdLBb0CHZG12RRVJVN5DD9YGorzYFoLzu6lxdqZoin64w/VghrWio5v8Y8/wNzEcAFn"
    "DgGeflmvS4eybE8QARs6/wCR6vIztGz8V7DYo2W+2GD2Sq9Md02Fijqf4g6BHwMN4PkcHq"
    "TmdWCb+L6Ql0/hsGLcClDxPdI7tuCPCtJ+tF+UJb5128HWMInGMPG1Xiyd/gEFIPgCrSny"
    "5f0bpJfFzeB/AC1yI7kzRNn2q4ITFJxgOYfaE2WHBCf4FrWehRNcWuazrqVt6bk5ySYsX+"
    "YNPmv/nnTbN1eDwc1IHvRvu32pCRJFU/SLNBw0AfmcotDpjjS6GQ/uIiJ+WXwykIV/uGhk"
    "SfhrpGf8NSqwreCd1O90+z/lfDUysSbwD6ao1R5377E6ve8pkn656w6lThP4B7hkOBwM8W"
    "/yNUVD6X5wQ877B0U0uI/sqoXpQNmfNXLN8HV8HUe4CqTSQXi7CHa0uDj0TLx64Dc+fMgA"
    "Pq6VCj49F0txC6yZPMxpTKwKYB+aPuXYkUkNpC5zmyItVryNr3iL7X5o2zL8ttTxpK3A5J"
    "rbgNiyqDxT6qQl5dMiWyid34LQ+ilofU7I0O1Vz2lG6L/M+rehQ9hRzjzm59Ggz1d2WCau"
    "XV11wP+Aodt7e4eGuMqZqxv4Tuz35LLHoCsJRuvnOPHpTEyFpIHEfqqK7cj2K1ILPIdxWf"
    "Hwlfnho9qClmVyiKx0MyIqJayIAlaE53GDmjzjcxZrlilJioqlSkSIi4jGKFfQQL6lSkLP"
    "9A6gndiVXqokOQCWanVr6ZsDLaQYPWW59P5vIjAjXqW+LjoD+pXlRaj2xhiNWx092UABhq"
    "kqBlmt2rRo3pHu2MB50cnueTToweNhWdRFMkajYDskRgN3WKiR4AryLNQBc3kBBWmx6uAd"
    "Mh1SM4hE+YHEXDhzxcFXArZrPevPEN/HFGm67deiDeEWcDnRHHiZQ0RDQMj16K3Saja5XV"
    "JsYyVE/ignxiIIqgh76Lh+Arja4odiQ0p/Tw3R4FWug982X8UvZI2L8A4R3lG+l+KJOvpF"
    "eMdb1LoI73gz4R0lCQ4o3YO7/+gAmLJtYrbHB6btnlgqvGvtyWg86JEVh9nRFHXHUq8JyC"
    "c+7t8Pum38SPkHU4THpW4Pj29NwI6m6K71a0/qj5vAPyCRNteTPg20Id9FHqXdx9mspq05"
    "ZpphGcGq8MemQmOSCFTKMRT5mOFBZ5b2Ql8LdiBYPcD3kTdLQUsNjdkId3pYjMCbgzeJQU"
    "0JvMsWwFo87O7I8aujX/ttEo7qfUejVcvxzsQWwGKJ+zRSX+UnmGvrFo7obnS0mas54YdB"
    "uDOP484MEMSwarnigDmiVdDAQXo6CbMoRE0lpUWYRnnYqCQJKRzawqF9bLfrRof2cbytIz"
    "yKDV1u+js7VV/nXaWhapabMfN9QDydLvLW2Sei4L/mrO6lcBOPKE1WJ3nhxDVJfI4G7gi2"
    "Q3yfpD/awEbK0p6bnCUid9t0nvTxkHtK+BiFj7Gk49SJepuEj/Etaj2LjzGIdSkWARoIiv"
    "jPqHH0pKMUVn0zJcZkS+14GtxLw85EkkdfJemuCSI/p+huMvoi+y6nURNEfvpnmb+KnV79"
    "Judvb2XfFUVPh35OUbd3NxiOw/LxklWd4A5iBVN0TRolvF0TrA6n6Kt09WUwuGkC/6AIib"
    "d7HzK++uNj8UiAkPhBt2D2dz/N0amITBOQzykatb9Incmt1ATsKKmeKWpNxoMmIJ/l4FtP"
    "cDWHf0+kib+UQq6oDSJF4i7I9xQNJ/0+Jcf9A6zASbstSR3Kj7ND4moejrtky1z/AD+Jre"
    "4tqeR9l0aNVrHpUFRScFrlmf3wOC2k2/NCao6JCj2XWc+O6XgLdmdcImFVXyyKEF8UYWmZ"
    "ZFEDyJncpsIZkRGQxiG1XVWFUMsFaURGQBqH9EHRjVx4BgICzET/fNKXy3y9M5AQcMbh9L"
    "zNz2Q1Xxv+mQPVpKAAN9FXfQdEEtY1KzmEZMRKDpE53S5WcsgdCyPCYMTWCmWhcZk1n3uJ"
    "hISgIMhFAMQmSHeb0R90wR0AW+18/sTTmjubPxSl4MAFhwC+8sWub4bQUNhGB3yw/aiRLm"
    "6pQp35+wFicChk6XE4DNHNsTiyzqpuDMgZzyEwXYesAgAeTMtfioAuUkA2kPACaXCT9dU2"
    "Cwqd75FLAjrZAfoDWWLAM0KTYTn7uMCOd3e90h9T7Rbu+49jq/gPZnkjxz1b5e+NxsXFp8"
    "bZxcfPHy4/ffrw+WxltCRPrbNerro/EQMmMqVjFk16eI7IahRZjbvKaizn21okNZ5GUiP+"
    "55DjVVmXZ+ELHNC5vS8W5QALrPuv/KJDfUi81GM9P0zga2vohRP4B/EwgSka3XTv7qiUd1"
    "CO0VxZ7WGW9akIJCr3WOw+EqpYgpfI7cqb27WAto0NrTy0bUikCggfmrid67ytMNPhZvUF"
    "1oU20BApDpUKds+S4kBZnVxmViAhHCPr6Xs/e21LkjmULXeaoG4kmoMeVaYExhaegj4TXo"
    "jDnK7O1dfRpkq4VibGVHE13QEELKMJXuYm0HQNfysOWSr1Za6rc5/jrNNsQ7KwKp8ZLdrQ"
    "QdITBS96KF7UNl1LLb4KzUr6lDIkfh1RTtT7nqK74eC+2yHn2ZGwiUvxdtj7Akzu7L9QdT"
    "yUcsAcl6sg2HvYr9UHLWc8SERKcPZRTMMXT4CabgPHxCrRfQ9tC+tLYkKR1RvyjBxRqSpw"
    "EPseowXnkA59dTkHPJExrZyvirCMeFGI8FYRhFkuDidXECZ9mHeAabXjL8NDXqk2UvoKZ3"
    "PTfOpAQ3+GFpcgi1epr+PJXrzK5B8GtbMt+QVViEU04DcBWBP/oCtxeRoHND0I6BpYKE/Q"
    "BmSrb68WwFO5hYHnaymrfu2yde6eRuHtKLwkJs5mRYJbKyW3JrYiqcRWJKvHjqvGlNCJkE"
    "yZVVemwC02mBbaQjwiKoy9UzL2bDyjUxzXgvKzYnDfWKZpQAWlMIRJ6Zj6Z1j8BDW+7nU0"
    "GNxGlHvVjVNWk96VNHx3TrWKK+lO5J11wpsQDKW21L3Pv/ASkyNR7N4R9fy0pdGIFK4Okx"
    "GTQ+lnqT32JL2jcviHlsqrYSqc5yU9ZzskslXKdjntJR6yIjf75Kn21To4BSYGcVmx4FSZ"
    "F5w6Gk15Ojo9FZaynIie6lL5LWjp6rzGizPzztTXRpkFdTZxZumA7jjz9a1QUFsu0ZNOLh"
    "XYpm3b/dnKZiEdgJMgD1UOhP3qFUT3/Owsi/1ydpZuwJBzMee+iRzIy99It2BCIodfdOrE"
    "TZjE5OCQL7Pv/wec5j8a"
)
