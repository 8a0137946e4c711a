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
    "sync_state" JSON NOT NULL,
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
    "entity" VARCHAR(16) NOT NULL /* CUSTOMER: CUSTOMER\nITEM: ITEM\nINVOICE: INVOICE\nESTIMATE: ESTIMATE\nPAYMENT: PAYMENT\nREFUND: REFUND\nCREDIT_MEMO: CREDIT_MEMO */,
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
    "kind" VARCHAR(32) NOT NULL /* OVERDUE_SWEEP: OVERDUE_SWEEP\nPUSH_INVOICES: PUSH_INVOICES\nPUSH_CUSTOMERS: PUSH_CUSTOMERS\nPULL_PAYMENTS: PULL_PAYMENTS\nIMPORT_CUSTOMERS: IMPORT_CUSTOMERS\nIMPORT_INVOICES: IMPORT_INVOICES\nFULL_SYNC: FULL_SYNC\nWEBHOOK: WEBHOOK\nPUSH_PAYMENTS: PUSH_PAYMENTS\nUPDATE_INVOICE: UPDATE_INVOICE\nVOID_INVOICE: VOID_INVOICE */,
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
    "entity" VARCHAR(16) NOT NULL /* CUSTOMER: CUSTOMER\nITEM: ITEM\nINVOICE: INVOICE\nESTIMATE: ESTIMATE\nPAYMENT: PAYMENT\nREFUND: REFUND\nCREDIT_MEMO: CREDIT_MEMO */,
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
    "eJztXWtz4ri2/SsqvpzuKiaVJunHYW7dKgLONCcBcnikZ84w5TG2EnxiZMaPpFNz+79fSb"
    "bwSwbbvIyjL2AkbdmsLUvaa29Jf9cWpgYN++xatxa1Jvi7hpQFxBeR9DqoKctlkEoSHGVm"
    "0IIPrMTMdixFdXDag2LYECdp0FYtfenoJiIlW0B1bcdcQAuYD8CZQzDTDUNHjwDXbuiqQg"
    "o2aYaLdIcWgkhB6usZuYFmqvgOuPgO6sJpf7lQdsxHiItYuMbf/8DJOtLgd2izn8sn+UGH"
    "hhYBRtdIBTRddl6XNG0y6XauaUnynDNZNQ13gYLSy1dnbqJVcdfVtTMiQ/IeIYKW4kAtBB"
    "xyDcPHlyV5T4wTHMuFq0fVggQNPiiuQeCv/c+Di1QCAKB3Ih+X/+s/WqiYLPcHY3kkjWW5"
    "ltAWeYQY6H6SaiKiaR05BKi/f3j1BoDQ1Bq5Qftra/ju4tN7CoFpO48WzaRw1X5QQcVRPF"
    "EKeoCyakGCiaw4SbQ7OMfRF5CPeFQyhrzmi56xiyIaYAmBCoIGz8Bl8O0B8Br+g9oAGa++"
    "7tcoYNztSaNxq3dHbrew7b8Mil9rLJGcBk19jaW+8/Rl4nfZe8FXlYBv3fFXQH6C/wz6Ul"
    "yrq3Lj/9TIMymuY8rIfJEVLdRMWSpDDZcMtO4utYJaj0oKrZdF6wyjkNr9pw+0Dr870EKK"
    "IfO61vZcsfgqj4nFdI6x20/vuk8dL5TvsgHRozPHPz80vqxR8n1rSLtXXCqmub6f1fDyfk"
    "Swpt85QGbld4Nulneotq+BKopu4+PHDOjiUqno0rwouv4zy6prWRDPNfIgzZM9IOqTUecw"
    "wF9kgP0iFfQLAjmZmz08heYNJGGmqE8viqXJkZzQhBYuZtCy5/rSTqrlyhe+vhlCg84dOf"
    "D7U+LeqqITHEZ+sGbHUnkdMptabwlU26+mqjDpDlxsCVEXV1FZeNCzqatwW4S8WqoK0lJ5"
    "XUAisBVId14tVQXJgtig1bbEaEgrqSpEOBdBavNv22mvKqoqVAtlucSVbImT5FsfPa+2qo"
    "JlvyJVttxtW9UIVzN0K9ukFPzCPOuOvu1g1/Lqea0qTi9wNjfNJ3x3Q3+G1tZ4ffPq63jV"
    "ZYHNN+dLjxqxaMyGmWbjJLMWjUU8RUHKI/1L5N7kTj5qE5sy3gmun6bX13H9OEd2WakMfP"
    "8S2xAmAi9zE9j6I7KBjoAzt0z3cZ7G2fOo/qLVCJZfsPyC7xUsv9C6YPnfFMsPF4pu5EKZ"
    "CRTCt2STqgMQ/cKNsmt0BadfRYKoZD1DOSmPUwTpCIzHqcC0T9M91E9xDPhoL5Zuxi+i5T"
    "IY8sTo/4cNLNOAxPhWAIn645nq6QU5xvjvNUYm0CDCP4RxLozzkxhxT9RME8b5W9R6FuOc"
    "9Nd8e0ZC7oLqu4uxUJDniY/oncke0LbB//b6OmdvWuu1RmNpKLc6vW6/CcK/pui6O+yxnO"
    "B6iuiNmiC4X17r/lMW4z6u+JBt/ylueZKRkkuhpA+AIZFdjoLlmH8VGvRC3R2egOSEMyQi"
    "4ORZ7lF0k9BemxbUH9ENfE10LHwjgTmmThPShIWAky3lZTWvDTco/N/xP4aO1/22Ru1WR6"
    "ol3v8dQMrW9VQU0lCXx4c0nV3ap/m2iojkGG/haMl0000Nl8qy4srQIXLYGikCS526S6EG"
    "Zq+Ahehx11dll9zsZ/191W7pv/5DmHbCtCtnD3Oik3xh2r1FrWcx7crvqjqYK/Dj+XkGcw"
    "yXSrXHaJ7wtR7U17rEIOVqwSuB6gH86TIDvp8uU+ElWVF0cUeC+xpbNnQEP+RBOSFYPbT3"
    "0pzDuDWKAt4QgGcGXPXdi1lxZuWrB+9eYo0s+Oh7eLMCHEgIiDNBTGaEioER1PKNg1Gx6o"
    "F90ciylriRvpi4kegrTBc5Vr7uIhCpHsK7n28UWRovlsRvXBKfiM3h9BRXpmlABaXMLlZC"
    "MYRnWGpfEDNy7bDE2dVgcBsx3q+64xi4k96VhLtpijkupHvscbc/Ft64A7qPhK9jz74OsV"
    "i/1Iv1SzY1OErEI90hg+MuYztnpLvKdFYiy0JFy9Rc1QGmBWxoPeM2vPJ64QTD4HrIsgkJ"
    "55hwjtWEm0Q4x4TWhXOsXHo9xIZ4wZMlYB7D7w4f5phYFXiVdS+N9Os48r4wSN/1Wr++j7"
    "wzt4P+L6x4SAXt28FVPLAR6Y68tPzZeKw/g6q+UIyU7iwiGO/OPMkzv4a9US/nR5gydKR2"
    "t9e6fffhst6IGf5MH5cJ76/95ObpP/ziVWjQMd47k2v9wxrX+oeka10QWYLIKlE/LYis0y"
    "GyqJd8N2zWrY6yzNpL1j0fh6zx+T8eXxNQg2som1ChzawNYlHIhIGBNrausHbAi+7Mge7Y"
    "wDEdLAgUpAGfuAP4BXMgh8rZpibuulb2wuPbeK2KthWy6jaxyjUoTOp07RrOD1WAqyamo2"
    "CFBCtU1v79RPkBwQq9Ra1nYYXCvXaRFbFh+QPGK3T794NuW8rZrzKxJvAvpgjjhy3hMU5i"
    "V/EhM5NJuPO1r/4IytVKCl+3kqggY7f74Bzdttl8g9vdpUwpIlLruroThHwdYURejBjfWQ"
    "A+bXfgldMGyYidiAxLvuI7jgzzLYyCw1ogfUCoO8PW9TjvkEaFmoB+TdFI6uMf5HOK7lrD"
    "cbd12wT+BUnpdsjPbmeKBvfSsDPB455/MUV4RMS55LMcQ6Dtzqg1mpPUD4sJSj+MfpLSd7"
    "AGi2AckRMgbwC5CMAC3GzgKgsSky4vFR41tBbimKQAej3QM8VgI2UOkENSAuD1AC/gwkyi"
    "mx44wMpXwcF66IgBw1SfIKfDWOttDYQO6G1dpZysu5WazEVoxYjgDljFE2rz5SYRk9wxGU"
    "QLaDgkJvRbZv0+m7pW6B2OCAodl1nHbLutnKExMTERHiOijUS00WEh3T7aiNcP7ADWCp6K"
    "HIc21v1F4B3iPnnYbY+zRXMdPIrrVCDnrUuUQ+ff7WaNYiuosErYHSAEjja39DA41ho3hs"
    "LROEZacmM83ABBQEqTLTuVVURbMtptTTlxYGIJRvY6EFFobyceSUShvUWtZ4lCw9Xp/IVz"
    "XZRCf4dFYsrWM+04UEi95/vS7SN5gp8aHy4/X365+HT5BRehT7lK+bxG3UnS9YiLEYu5aY"
    "4wNu3Fs/CXqyCHuwvfWj9ZWOxIjrIPx3WUXWZ2lInlngeLDbH48X2bQkOY2BuE+HOOhuxF"
    "IOTENxB6g+jmasDMrMxprkWkBP8aB9WBeenskMgWcJ6O56c4mx1aE7gl81q93cnqMeI1+p"
    "5uprXZFlnbAutXc5KtdTOowasaQRTfH/Qnt7fHOkyI7SPHYRlDW8ylM4zLUKGN5GLPRPAV"
    "WFCF+jPUwINlLoACGNFfB5R6xhmOCUxEl9EucCtac8DQLirMs7WaWEQr6Msyd/EnSmQJ+v"
    "Itaj0LfZl7GZxYP3ii1u+R0Cti/oo1hrV9rzFc4LmYyZlNpQMcSFQhbH/fa7Qt+ABJe8y1"
    "b2VEqHoo7+XUFdPSH/WUg202L5YNpA/YZ9wO2q3bnL2GJ9QE9GuK7oaD+25HGjYBu4qbbp"
    "kUsvOFr7gFu4iGTRcZIjnSgineNFQeOfS5ZD2OiHwuCZwi8rn6kc/lfPcPGPgsQnnzh0F7"
    "g/yWcA1pJVWC6AA+iHDjSndHxJrgRs9EOJ49m5diPIdgqVgODW1e7dUZcyWkBkbnlhbh0i"
    "WYDtSFv+ENMc/C3/AWtZ7F3yCocxE5Vg54c9ABbKaTD9SolAB1PSkQinPZ0oDNfnJjSYHd"
    "aMBGW1aGADIRnLeL4Lws3MA+zTjf6OWYboE5nG6uWUGZzHFkjmshz6gKgr5YEJjfCNNjxr"
    "IKC/usBD1zXdhnb2imLuyzt6h1EQ8m4sGOjl6x/UVFsJIIVqpAsBIeN+x8y9oDiSpAfOgl"
    "7SKOQ/BgZQRVBMccMjhGUIs7oRaPTX+1TYSgmha9EMqtr6PB1Gi5zeeXAtLW/mGTzdieWH"
    "iBai6WCnoFOiJ7symqSqbyGH6wNBTnwbQWnNNLi9UzRVP05582dEiy/eefYG5irIAzh8C1"
    "oYXrs1+RClgB8M6GpFoLnuHcZ7oGM/jHMiv2/mdaK5aU6RGpkXrxDEhHENeszqH6tDRJEw"
    "Lv4NnjGc02FNtZhV2ocwU9QkBMPbDE6oLa+zNStWpBDefrGNNY3ar1unQoLfgEEXnun0Gk"
    "uPwMLRs/KxZ7tMwXG8xeKVT0mFeoqPMpbsH4/2kAT0BxrzqvA9vE/xh5C0AcloxrASoGlU"
    "JswZ8UpP1kvyhLjLXtYPOdhI+Y+F4vlk4RVwCCL9CaIl/ef0B6W1wN/gfQIg+Se0krOy9W"
    "kJiCxCzn2HCidJYgMd+i1rOQmEvLfNa1tDNIN68KCsuX+UTS2r8n3fbN1WBwM5IH/dtuX2"
    "qCRNIU/SoNB01APqcolN2RRjfjwV1ExE+Lz16yECYXjSwrFBvpSxQbFTgH8U7qd7r9X3IO"
    "jUysCfyLKWq1x917rE7ve4qkX++6Q6nTBP4FThkOB0P8m3xN0VC6H9yQfP+iiAb3sRxsYT"
    "pQ9qe5XN5gHcHIEa4CC3YQojGCHU0uDj0Trx74jY8fM4CPS6WCT/Nia/ICayYP1RsTqwLY"
    "h+Z7OXZkUgOp+/KmSIsteuNb9CqqCm1bht+XOp60FZhccysQZyyVZ0qdtKR8WmQLpfNrEF"
    "o/Ba3PCXu7veo51Qj9l1n/jDBOKvxfo0Gfr+ywTFy7uuqA/wOGbu9tDA1xlTNXN/CT2Gfk"
    "tsegKwlG6+c48elMTIWkgvgcJ2DtcyklIiXUsnO1ELeITFHO3z3GZUWfWOY+kWoLWpbJ4R"
    "fTrbuolDDuChh3nh8TavKMTyWt2e4mKSq2vBGhUiKqp1zBJ/m2vAm90zuAdmJXesubZAdY"
    "ql3Spe8OtJBi9JTl0vu/iQCfeJH6uigf6BeWF6HSG2N9bnX0ZAMFGKaqGGTXc9Oi69d0xw"
    "bOi05OYaSxKB49zqJ3krE+BeshsT64wUKNxLyQd6EOmCcSKEiLFQfvkOmQkkF8z3sSCuPM"
    "FQffCdiu9aw/Q/wcU6Tptl+KVoRrwOlEc+BlDhGNzCH3o49Ki9nkcUmyjZUQ+aOc0Jcg1i"
    "XsOOW6b+DqqCiKDUn9IzVyhle4Dn7ffBc/kVUuom5E1E35BsUTjb8QUTdvUesi6ubNRN2U"
    "JGajdC/u/oM2YMrxm9leH5h2Cmep8K61J6PxoEd2rmZXU9QdS70mIJ/4un8/6LbxK+VfTB"
    "Hul7o93L81AbuaorvWbz2pP24C/4IEQF1P+jT+iXxPUXsodbpjuSf18FsY+lHkJdt9YNRq"
    "QptjDhqWEXwLv9cq1FuJyLIcnZSPGe6OZmlD/VqwA8HqAb6PldkUtNRYpo1wp8cxCbw5eK"
    "f4VbNHHBePkzxywPHot36bxA9739Hw4nKMmdg2WCxxm0bqq/wEcx0OxBHdjY42szgn/DII"
    "R+dxHJ0BghhWLVfgNke0Cho4SEsnARiFSKuktAjgKA9PlaQnhatbuLqP7ZDd6Oo+jh92hH"
    "uxocvdYIFl1df5XWkQm+Vm3FthQHygLvJOcqD7GPzXnNW9NffEV0q3QyAL+YnT0tt7wIFk"
    "9wHLJO3RBjZSlvbc5GxCutuq86z3DzmuhPdReB9L2k+dqB9KeB/fotazeB9Du9wUig0NBE"
    "VkaNQ4etJRCqu+mRJjsqV2SQ3upWFnIsmjb5J01wSRn1N0Nxl9lX1n1KgJIj/9XObJYtmr"
    "3yT/9lb2nVQ0O/Rzirq9u8FwHJaPp6zKBE8QS5iia1Ip4e2aYHU5Rd+kq6+DwU0T+Bf+s4"
    "afJfRziiZ35DWWV/636O8pwl+dIDf8qwg9uHu/Nb7742Px6IOQ+EGPD/dP7s3RXIkMVs+I"
    "eE5H7a9SZ3KLFcKueIpvTcaDJiCf5WByT3Bjj39PpIm/q0auSBEiRWI9yPcUDSf9PqXd/Q"
    "uswEm7LUkdyryzS+LeHo675Lhn/wK/463uLSnkfZdGjVaxiVZUUrBl5ZlX8dgypNvzQmqO"
    "iQo9l1nPjul4m81n3C1jVV7sjxHfH2NpmWR/C8iZNqfCGZERkMYhtV1VhVDLBWlERkAah/"
    "RB0Y1ceAYCAsxE+3zSl8t8rTOQEHDG4fT82M9kJ2ob/pUD1aSgADfRVn3XRhLWNftHhGTE"
    "7hGROd0udo/IHWUjAmzEsSBlIYiZNZ97W4aEoKDeRWjFJkh3u4tA0AR3AGy19xBIvK25dx"
    "AIxT84cMEhgK98seubITQUdkgHH2w/HqWLa6pQY/5xgOgeCll6hA9DdHOUj6yzohtDfcZz"
    "CEzXITsPgAfT8rc/oBsjkMNPvBAdXGV9deKGQud75JaATnaA/kC2NfCM0GTAzz5usOOTia"
    "/0x1S7hTv+cWwV/8Usb0y6Z6v8s9G4uPjcOL/49OXj5efPH7+cr4yWZNY66+Wq+wsxYCJT"
    "OmbRpAf+iJWUYiXl/ldSlnMcFwspT2MhJf7nkONvWbe2wxc4oNt7X/zKAXbh9ycDRQeBkH"
    "ipRwF+AMG31tALNPAv4gEEUzS66d7dUSnvohy9ubI6mS/rWxFIVO612H2MVLFFZWI9Wd71"
    "ZAto29gEy0PohkSqgPChKd25zjvgNR1uVl5gXeiUFbGsolIB9lmWVVC+J5eZFUgIl8l6Yt"
    "9fMbcl/RxaoXeaoG6koIMWVaZFky08BX0mjBGHU13l1dcRqkq4VCYuVXE13QEELKMJXuYm"
    "0HQNfysO2bj1Za6rc5/9rNMVjmSbVz5nWrSigyyJFIzpoRhT23QttfjONyvpU1o78duIsq"
    "Xe9xTdDQf33Q7JZ1fCJi7F6LD3TZ/c2X+h6ngo5YA5LldBsPdwqK8PWs5IkYiU4OyjmIZv"
    "ngA13QaOiVWi+R7aFtaXxIQiO0bk6TmiUlXgIPbdRwvOIR366nIOeCJjWjmHirCMGChE4K"
    "sIzywXh5MrPJO+zDvAtNqRmeEur1THOn2Ds7lpPnWgoT9Di0uQxYvU1/FkL15h8g+D0tm2"
    "GYMqxCIa8KsArIqf6e5fnsYBXTgEdA0slCdoA3IevFcK4KncwsDztZSdxnZZO/eEpfDhGN"
    "7yJs7RSYJbKyW3Jg5GqcTBKKvXjqvGlNCJkEyZVVemwC3WmRY6Zz4iKoy9UzL2bDyjUxzX"
    "gvKzYnBHLNM0oIJSGMKkdEz9Myx+ghpfNxwNBrcR5V5145TVpHclDd99oFrFhXQnMmad8M"
    "EHQ6ktde/zb8nE5Eh8u3dFPT9taTQiiavLZMTkUPqX1B57kt5VOfxDS+XVMBXO+5K+mjsk"
    "stVi7nLaSzxkxartk6faVzvkFJgYxGXFVlRl3orqaDTl6ej0VFjKciJ6qtvzt6Clq/MaL8"
    "7My6mvjTILymzizNIB3fGa2LdCQW25eU86uVTgaLhtz4Qrm4V0AE6CvFQ5EPaLVxDdD+fn"
    "WeyX8/N0A4bkxZz7JnIgb/1GugUTEjn8dlQnbsIkJgeHHMx+/D8MHy3e"
)
