from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "agent_login" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "user_name" VARCHAR(64) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "company_key" VARCHAR(64) NOT NULL,
    "failed_attempts" INT NOT NULL,
    "locked_until" TIMESTAMP,
    "last_polled_at" TIMESTAMP,
    "agent_version" VARCHAR(32),
    "facts" JSON NOT NULL,
    "last_error" TEXT,
    "active_session_id" CHAR(36),
    "connection_id" CHAR(36) NOT NULL UNIQUE REFERENCES "connection" ("id") ON DELETE CASCADE
) /* The credentials an agent signs in with for one connection, and what it last reported. */;
        CREATE TABLE IF NOT EXISTS "agent_session" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "ticket_hash" VARCHAR(64) NOT NULL UNIQUE,
    "state" VARCHAR(16) NOT NULL /* OPEN: OPEN\nCLOSED: CLOSED\nABANDONED: ABANDONED\nFAILED: FAILED */,
    "last_seen_at" TIMESTAMP NOT NULL,
    "protocol_version" VARCHAR(16),
    "inflight" JSON NOT NULL,
    "exchanges" INT NOT NULL,
    "answered" INT NOT NULL,
    "waiting_since" TIMESTAMP,
    "last_error" TEXT,
    "context" JSON NOT NULL,
    "closed_at" TIMESTAMP,
    "connection_id" CHAR(36) NOT NULL REFERENCES "connection" ("id") ON DELETE CASCADE,
    "login_id" CHAR(36) NOT NULL REFERENCES "agent_login" ("id") ON DELETE CASCADE
) /* One agent session, found by the hash of its ticket (the ticket itself is never stored). */;
CREATE INDEX IF NOT EXISTS "idx_agent_sessi_connect_1e8441" ON "agent_session" ("connection_id", "state");
        CREATE TABLE IF NOT EXISTS "provider_request" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "run_id" CHAR(36),
    "operation" VARCHAR(64) NOT NULL,
    "payload_hash" VARCHAR(64) NOT NULL,
    "request_key" VARCHAR(64) NOT NULL UNIQUE,
    "state" VARCHAR(16) NOT NULL /* QUEUED: QUEUED\nSENT: SENT\nANSWERED: ANSWERED\nFAILED: FAILED\nLOST: LOST */,
    "stage" INT NOT NULL,
    "phase" VARCHAR(16) NOT NULL,
    "request_body" TEXT NOT NULL,
    "lookup_body" TEXT,
    "match_key" VARCHAR(64),
    "session_id" CHAR(36),
    "cursor" VARCHAR(128),
    "pages" INT NOT NULL,
    "attempts" INT NOT NULL,
    "result" TEXT,
    "status_code" INT,
    "status_message" TEXT,
    "warnings" JSON NOT NULL,
    "sent_at" TIMESTAMP,
    "answered_at" TIMESTAMP,
    "connection_id" CHAR(36) NOT NULL REFERENCES "connection" ("id") ON DELETE CASCADE
) /* One request for a provider that answers later, and its answer once it has one. */;
CREATE INDEX IF NOT EXISTS "idx_provider_re_connect_9a44b4" ON "provider_request" ("connection_id", "state", "stage");
CREATE INDEX IF NOT EXISTS "idx_provider_re_run_id_2763a5" ON "provider_request" ("run_id");
        CREATE TABLE IF NOT EXISTS "provider_exchange" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "session_id" CHAR(36),
    "seq" INT NOT NULL,
    "phase" VARCHAR(16) NOT NULL,
    "request_body" TEXT NOT NULL,
    "response_body" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "answered_at" TIMESTAMP,
    "request_id" CHAR(36) NOT NULL REFERENCES "provider_request" ("id") ON DELETE CASCADE
) /* One request handed to the agent for a ledger entry and the response that came back */;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "provider_request";
        DROP TABLE IF EXISTS "agent_login";
        DROP TABLE IF EXISTS "provider_exchange";
        DROP TABLE IF EXISTS "agent_session";"""


MODELS_STATE = (
    "eJztXW1z4riy/iuqfDmZKnZqJvOyc9hbt4okzFnOJCELZGb3LFvEMQr4xMhev4Sh9u5/v9"
    "2yhd/BNm/G0Rcwtlo2j2RJ3f1066+TmTGmuv36s2bNTprkrxOmzCgcRM43yIlimsFZPOEo"
    "Dzov+ChKPNiOpagOnHtUdJvCqTG1VUszHc1gWLJFVNd2jBm1iPFInCklD5qua2xCoHZdUx"
    "Us2OQXXKY5vBBlClMXr/EGY0OFO0DxLdQF5/506cgxJhSKWFDj73/AaY2N6Xdqi5/m0+hR"
    "o/o4Aow2xgr4+ZGzMPm5u7vO5WdeEp/zYaQaujtjQWlz4UwNtizuutr4NcrgtQll1FIcOg"
    "4Bx1xd9/EVp7wnhhOO5dLlo46DE2P6qLg6wn/yP48uUxEAwu+EH+//13+0ULHR6KY7GPXb"
    "g9HoJNFa+Agx0P1TqsGwpTXmIFB//e3VGwDCz57gDS5+bvVO3318xSEwbGdi8YscrpO/ua"
    "DiKJ4oBz1AWbUoYjJSnCTal3DF0WY0HfGoZAz5sS/6WhyUaQFxImiCoMMLcAV8OwD8BP7g"
    "uMv0hd/2Kxpg0Llu9wet61u83cy2/9Q5fq1BG6+c8bOL2NlTr70MeJe9F3xZCfnWGfxM8C"
    "f5T/emHW/VZbnBf07wmRTXMUbMmI+UcaibirMCNSgZtLprjku2elRStnpVWl1gFGp2/+mD"
    "VqffHWoxRR+lDa0XU8VKb/KYWKzNAbvdjK67bOOZ8n2kUzZxpvDz7dmnFY38tdXjwyuUir"
    "XcjX/pzLv2dwRr/l0AZFF+O+jmeYdOdjVRRdE9+/AhB7pQKhNdfi2Krv/MI9W1LAprjSJI"
    "p8nuEfW7/uV+gH+XA/Z3maC/Q8hxbfb4FFo34IkHRX2aK9Z4FLkSWtDS2QO17Klm2slmOf"
    "eFP3/pUZ2vHVPg95fE18uKjnAa+Vt0O3E2bUAWS+sNgbrwq6krTJpDZxtC1IEqagsPezY0"
    "lW6KkFdLXUEylcWMosBGIN16tdQVJIuCQjveEKMer6SuEMFVRrnOv+mgvayorlDNFNOESj"
    "bEqe1rH9debXUFy14wdWS5m/aqPlTTc2vbpRR4YZ41R9t0smt59SzqitOcPkwN4wnurmvP"
    "1NoYr29efZdedXlg89X5yqOGGo1xZmTpOMlLs7NZ/IzClAn/S3hvvJOP2p3NLd4JWz8/31"
    "hl64crI1eUymHvN0GHMBiZTw1iaxNmE40RZ2oZ7mSaZbNPM/WXrUZa+aWVX9p7pZVftrq0"
    "8r8oKz+dKZpeCGUhUArfii2q9mDol26UbaMrbfp1NBBVbGSopsnjGEE6gMXjWGDapeoeGq"
    "dSFPjoKJatxs+i5XIo8qj0/8MmlqFTVL4Vgqy/NFU9u2CKMv77iTAmcBLhH1I5l8r5Ucy4"
    "R6qmSeX8JbZ6HuUcx+t0fabN3Blv7w5goTDPEx9pdyG7R90G/u3nzwVH05PrVn/Q7o1al9"
    "edmyYJ/xqyz53etbgSHA8Zv1GTBPcrqt1/zKPcxxs+pNt/jGueOFOmmlCyJ8CQyDZnwWqs"
    "v0pNeqHhDhYgBeEMiUg40zT3KLpJaD8bFtUm7AtdJAaWdCVBOKaOE9KEhgCnLWW+XNeGOx"
    "T8d/jH1PGG31b/onXZPkm8/1uAVMT11BTS0JCXDmm2dWmX6tuSEZmivIXZktmqmxoulSfi"
    "Stcoc0SMFMLS4O5SOiYPCyIoeqnxVfkl1/tZf1/2W/6v/5CqnVTtqjnCHOkiX6p2L7HV86"
    "h21XdV7c0V+OHNmxzqGJTK1Mf4Nelr3auv1QSQCvXgpUD9AP74Pge+H99nwouXoujCQAJj"
    "jT3SNUbfFkE5IVg/tHfSncO4nZUF/EwCnhtw1Xcv5sVZlK8fvDvhGll04nt48wIcSEiIc0"
    "GMK0JFBwTHxebBqFj9wH53lieW+Cw7mPgsMVYYLnOsYsNFIFI/hLe/3igTGi9D4teGxCe4"
    "OSkjxblh6FRhGauLpVAM4QeQ2hXEwri2X8PZebd7FVHezzuDGLh31+dtGKY55lBI86zHnZ"
    "uB9Mbt0X0kfR079nXIYP1KB+tXbGlwEMYjz5CR4i4TmTOyXWWaKJEnUNEyxq7qEMMiNrWe"
    "oQ8vvV5wQtdTPWT5hKRzTDrHTqSbRDrHZKtL51i12nUfCfGCJ0vAPKDfnXSYY2J1sKusem"
    "navw4i74uA9PS69euryDtz1b35lygeaoKLq+55nNjINGdkWv5qPDaeUVWbKXrGcBYRjA9n"
    "nuRrv4admV7eHGDJcNm+6Fy3rk7fvm+cxRR/0R7vE95f+8ktMn74xevQoWN271yu9bcrXO"
    "tvk651aciShqwKjdPSkHU8hizuJd+ONetKY3lW7RUbng9jrPHtf2n2msA0uMJkEyq03mrD"
    "BAsZLTDUBu0KWofMNWdKNMcmjuGAIFHYmPiGOwIvmENTTDmb1JQa1ypeeLiN16t4X8Go20"
    "SUa1AY63TtE7geqgCqRtVRWoWkVaiq4/uR2gekVegltnoeq1B41C4TERuW3yNfoXPztdu5"
    "aBccV4VYk/gHQwb4gSY8gFPiKD5l5lIJtx776s+gqa2SYa9bStTQYrd9co5m22K9kTrcZS"
    "wpIlKrhrojhHyVwQhfjJi9swR84+2BV00dJCd2khmWfMW3zAzzNYyS01ogvUeoL3utz4Oi"
    "UxoXahL+NWT99g38wM8hu231Bp3WVZP4B3imc4k/O5dD1v3a7l3ewbznHwwZzIhwFT+rMQ"
    "Xa7gPXRgsa9cNi0qQfRj9p0negBctgHJGTIK8BuQzAEtx84Coz5KSPTCXNNLQS4pikBHo1"
    "0A+KLmbKAiCHpCTAqwGe0ZmRRDebOCDK18HBum/GgG6oTzRlwFjpbQ2E9uhtXZ45WncrV5"
    "nLmBUjgluwKh5Rn6+2ETFpO8ZJtEQLh8Rk+1a5fZ8NbVzqHY4IyjauchuLdFsFqTExMUmP"
    "kWwjyTbaL6Sbs43SxoEtwFrDXZHj0MaGvwi8PRiTe52LQT42195ZXMcCeVpc4ii0/912Yh"
    "RbQYV1wm4PFDje3bJpcKI3rqXCcR4jL7mWD9dllGBpTNmpLBltSbbbinJyw8QKzOwNIllo"
    "L4ePJFloL7HV87DQoDotPXCuwzLM32GRWGNruTIOlGreN7tq2wk+wQ9nb9//+P7Tu4/vP0"
    "ER/pTLMz+uaO6k0fWAwYjl3DQHmJt24ln401WYk5qFb6WfLCx2IEfZ28M6yt7ndpTJcM+9"
    "cUOsdH7fOmqIEHuBEP9YoCN7DISC+AZCLxDdQh1YqJUF1bWIlLS/xkF1aFFzdkhkAziPx/"
    "NT3podignc0PJav+xkjZjhNfqerjdrixRZmwLrV3OUvXU9qMGrGkEU7k9u7q6uDrWZkMgj"
    "l2JlDKWYy7YwmqFCa42L1wajC2JRlWrPdEweLWNGFCIM/Q3CTc9wwTGIwXgY7Qx60YoNhr"
    "ZRYZHUajKIVpovqzzEH6khS5ovX2Kr5zFfFg6Dk/GDR6r9Hgi9MuqvjDE82XWM4QzWYkbK"
    "aiob4ECiDrT9XcdoW/SRYn8slLcyIlQ/lHey64phaRMtY2Ob9cGygfQex4yr7kXrquCo4Q"
    "k1Cf8astte92vnst1rEnEUV91yNcjWA1+hB7uM06bLTJEp0tJSvG6qPDD1uWIjjmQ+VwRO"
    "yXyuP/O5mu/+HonPkspbnAbtTfIbwtXjldQJoj34IMKdK9sdEeuCaz0TYT57Pi/FYEqJqV"
    "gOpzYvc3XGXAmZxOjC0pIuXYHlQEP6G16Q5Vn6G15iq+fxN0jTuWSOVQPeAuYAsdIpBmpU"
    "SoK62igQ4rlsqMDm37mxosCuVWCjPSsHgUyS87ZBzstjG9ilGucrvSmqW6AOZ6trVlAmN4"
    "/McS3mKVUB6UuQwPxOmM0Zyyss9bMKjMwNqZ+9oJW61M9eYqtLPpjkgx0cvXL5RSVZSZKV"
    "akBWgnnDLhbWHkjUAeJ9h7RLHoe0g1URVEmO2Sc5RpoWt2JaPLT568JgjKpZ7IXQ1cYqM5"
    "gaLbd+/1KCfe0fNiZjexL0AtWYmQpbEI1hbjZFVXEpD/ATU1ecR8OapexeWq6eIRuy+3ub"
    "Onjavr8nUwOwIs6UEtemFtRnL5hKRAFyalOs1qKv4eozj8EM/vFIFHv1E68VJEd8i9RIvb"
    "AC0hiFmtUpVZ9MA7sQOaWvJ6/5ZV2xnSXtQp0qbEIJqnrEhOai41evsWrVomO4rgGmsbpV"
    "a2E63Cz4RBk+908kUnz0TC0bnhXEJpYxt8nDgkPFt3mlijodQg+G/zcmsACFUXXaILYB/5"
    "h5ASCOOA21EBVA5RBb9AeFjX+w54oJWNsOqO9IHzHgXnNL44grhNE5tYbMl/cfkN8WqoF/"
    "QC18kMIhrWK/WGnElEbMas4NR2rOkkbMl9jqeYyYpmU8a+OsPUjXRwWF5au8I+nJL3ediy"
    "/n3e6X/qh7c9W5aTdJ4tSQ/drudZsEP4csdPmy3f8y6N5GRPxz8dVLHoPJu7M8EYpn2SGK"
    "ZzXYB/G2fXPZuflXwalRiDWJfzBkrYtB5ys0p/c9ZO1fbzu99mWT+Adwptfr9uA3fg1Zr/"
    "21+wWv+wdlWnAX4WAzw6Ejf5mbajdYZWBMEa6DFWwvhsYIdvx0eeiFeP3AP/vwIQf4UCoT"
    "fH4tFpMXaDNFTL0xsTqAvW97b4oemWyBzLy8GdIyRW88Ra+iqtS2R/S7qcGircTiOrUCuc"
    "dSdZbUSU3KN4ts0OjpNchWP4ZWn6L1dvOmT6lGtn+V218YjJMN/u9+9ya9scMy8dbVVIf8"
    "H9E1e2dzaMhW+eBqOjyJ/RpvewhzJWK0eo0TX87EmhAriK9xAqt9oUaJSMlm2XqzoFtkxF"
    "EuPjzGZeWYWOUxkbcWtSwjxb6Yrd1FpaRyV0K58/yYdDx6SDclrUh3kxSVKW8kVUqyeqpF"
    "PimW8ib0Tm8B2ju71ilvkgNg4SzpIfvPBClCNrXtzRPftLCuvldVjbp2qj9yZFF4aNvZNF"
    "eQX13Pq61OqBXij8U7pG6kZoIU0HYZHRjwkbNPXona6jEi/F2Qbdf+7lCLKfq1Ypre/RKU"
    "u3iRxireHfULj2ah0mvZd1cae7KJQnRDVXTch8CweESp5tjEmWu4Lypnh3kOK8GnS7LvSt"
    "aD7DuYQugYWWg4OzWIeJeJwsax4uSUGQ6WDBh3r5Cc5kwVB+5EbNd61p4pPMeQjTXbL8Ur"
    "ghrgPPZzMp9SxrlyeD/+qLyYjY+Lp21ohMgfTSGjBeyzMJUh1aFKl5u3cWzw7B+ZXLa0wg"
    "3y+/q7+CdF5ZIHJ3lw1ZuVjpQRJXlwL7HVJQ/uxfDgKsKiqtyLu3saFc3YEDff60Oz9sWt"
    "FN4nF3f9Qfcac8mLoyHrDNrXTYKfcHzztdu5gFfKPxgyGJc61zC+NYk4GrLb1m/X7ZtBk/"
    "gHSEn8fHfDGYn4PWQXvfZlZzC6bl/DWxj6UeYl2z5VcbmgLbAGDctIC2j6qFVqtJJczwKD"
    "lI8ZDEcPWVP9SrADwfoBvotcCRy0THbhWrizmYUS7xS8M5gO+WMAyjOXDxwC0P/t5gIZ/d"
    "53lPBfjTkTdIOZCX2aqYvREy20XVeK6HbaaL0V54hfBkk9OAz1IEAQYB0XCqVIEa1DC+yl"
    "pyMlqpTRKiktKVXVsVMlzZOSfCLJJ4emSKwlnxwm60kfRrGem5ryRFxqrPK7clqp5ebMdt"
    "JFH6jLvL1VeGaR/xoPDS8LBvpKeYISTK2BTksvG4hDMR+IZWB/tInNFNOeGilpgbdbdZEM"
    "HCHHlfQ+Su9jRcepI/VDSe/jS2z1PN7HUN6pUmztQFBytaPK0ZPGMqzq601iQrbSLqnu13"
    "bv8q496n9rt2+bJPJzyG7v+j+PfGdUv0kiP/2rwpMlLi9/4/Wrq5HvpOKXQz+HrHN92+0N"
    "wvLxM8sywRPETgzZZ6wU7XZNsjwcsm/t85+73S9N4h/4zxp+ltDPIbu7xdd4tPS/RX8PGX"
    "xdBlfDv8qYB7fvt4a7Tybl2Qch8T2ab+/6/l7aBborykDz9NFz2r/4uX15dwUNIo7SGr51"
    "N+g2CX5Ww5J7hKl2frlr3/l5bgoxRVAKuR74PWS9u5sbbnb3D6AB7y4u2u1LbnkXh+je7g"
    "06uAG7fwDveKtzhYW878o0o1VuoRWVlNay6qyr0qxlTLOnpZo5Jirbucrt7BiOt/1DtIUz"
    "89csy8uMNfGMNaZlYMYZmrJszoQzIiMhjUNqu6pK6bgQpBEZCWkc0kdF0wvhGQhIMBP980"
    "kzzWK9M5CQcMbh9PzYz17g558FUE0KSnATfdV3bSRhXZHRJSQj87lE1nTbyOdSmGUjCTZy"
    "o56qGIiFNl84UUpCUJreJbViHaTbzesRdMEtAFvvrB6Jt3WDnB6aQ2cb5qXw+SgdqKlGnb"
    "lYTopy7B4OWTbDRyC6nuUz0kTRtVSfwZQSw3Uw8wB5NCw//QFPjIDbEXkUHaiysdwDR+Hr"
    "Pbwl4Ysdoj1iWgNPCU0SfnZxgy3vFX6uTTL1ltT5L0VX8V/M6nLSPV3ln2dn7979ePbm3c"
    "dPH97/+OOHT2+WSkvy0irt5bzzL1RgIks6odFkE39kJKWMpNx9JGU153EZSHkcgZTwz2mK"
    "v2VVbIcvsEe3967sK3vYF8NfDJSdBELilZ4F0gkE31o9j2jgH8QJBEPW/9K5veVS3kE1Rn"
    "NluVdm3rcikKjda7F9jlS5oDIZT1Y0nmxGbRtUsCIG3ZBIHRDet0l3qqVtuZwNtygvsS61"
    "75EMq6gVwT5PWAW39xRSswIJ6TJZbdj3I+Y2ND+HIvSOE9S1JuigR1UpaLIFS9BntBil2F"
    "SX1xqrDKpKuFQuW6rijjWHIFh6k8ynBhlrY/hWHEzcOp9q6tS3fjZ4hCOmeU23mZataC8h"
    "kdJiui+LqW24llo+881S+phiJ37rc2up9z1kt73u184lXhdHUieuxOyw86RP7sN/qep4KB"
    "WAOS5XQ7B3sM22D1pBpkhEStrso5iGb54ANVsHjonVovvuWxfWTFShMGNEkZEjKlUHG8Su"
    "x2hpc8iGvr42B1jIGFbBqSIsIycKSXyV9Mxq2XAK0TP5y7wFTOvNzAwPeYVJmbu0jH2jD1"
    "PDeLqkuvZMrVQDWbxIY5WdbO4Vxn8YlM6XZoyqFETGxK+CiCp+4tm/vBYnPHCIaGMyU56o"
    "DUKiFIGl3EyH9VpGprFt1p66w1J4cwwvvCll6yRpW6ukbU1ujFKLjVGWr11qM2ZQJ0IyVW"
    "66KhG3xGBaQteLiUpl75iUPRtWdIrjWnT0rOipM5Zh6FRhGRbCpHSs+R9A/AhbfNV01O1e"
    "RRr3vBM3Wd1dn7d7p295q0IhzYnMWUe88UGvfdHufC2ekknIIb/dO+Ken4t2v48nl4dJxm"
    "Sv/e/2xcCT9I6q4R8ylYVuKCnvS3Y0d0hko2DuaupLacjKqO2jN7UvM+SUWBjEZWUqqiqn"
    "ojqYmfJ42vRYrJTVRPRY0/OHtopP45pFNpJfwTaL7l+fj3CmormKORqU4MGzWAfBRbeN8b"
    "U8plaE3QYZlQVnzNuRHHPzEIuaBoaRp7PRtn4X3FP9/t5UbHtuAPpTxZ7e3xMNd2e3dWNO"
    "bEWHYgTPk1MG6rrFLXZC4NVrcn/vRQTDzOHQmenYIA/3w2p1Q32CCy48sA5nnallOI5Oyc"
    "SFuQb+FQqLrVCf6AJvzP8dtLbNbxPb0Z3vQ4DNMmRzBf6xbbvwbPiHT/GSh4b312z8q3wH"
    "d4OhYdFaEBtvajD/kVX+oFMDupVP5xM1DJmtaGOiPBiuk/YUp9itGoSONQ9cfws5G3ejp4"
    "/UojAu2K9eIwCct0hH/p3hhfGwxUqxiQyTMvFYuBMDnhd3eQRMm/gnsLzyRP3WVYaMl7Do"
    "DwDyD/ZcMRt8V/u54T29zbsDgMvDuh24jwqVKowZgIcBNfCbwt13EcEtt2iQWzRIU4/cok"
    "G2epktGlybWiP+I9Ho2Rb0iJDctHEtUSqy1CkCdEJQ+ivy+StCK7wieMfEaoj29jt3bCWe"
    "hHtN7tqIpEwMmsi6GtJnik7McVlpYavOTJxcgPE0uaah6+U3PI1Iy9aucmt7Bp8Sm8gnBO"
    "vgt9g1T4TbXop445YCMrHy1l10cg/zwzjrEpbBIsa0VGHp1omrHRXY8LBauvUW/WXZ/p0Q"
    "Z8brnxvmseVem75X1RGqfFketZREtml9N4ldl9GBAR85/ZAXkaqOsbuudUYmXtgcLsnN3Y"
    "yiS2Y5GkNddp2r0Q4VzcXW9/1+nliDPBouG5MHz0HGXXXGI9/F29FA6XQ875h/DKep/ohe"
    "Jc+bZzuGRcev0nn7O7iP53DU2KOuTabO/T1fvnkuMVCXJlDSotD38NxUgW43xqzF6MvyNi"
    "G3HeJnAuNOTfRqLeBuCrPnFOr/CSufKxos1CZQt60svKqFkw0ex1Rc9D1yt+Ej6GjG/AfX"
    "JHPDesqdtyP6enrsPrmXuXSUVXQKOlKXiXSUvcRWz+Mo86aYwh6cmJh0lq31Jxwd671727"
    "4pOG9xmSbBzyEDTZ3T3L3vIWudt24uoRPDqeVhNTcb5iYZm1JW1l4dkq3haHi8o19y0jMt"
    "wzGg9cpYrNNk62C/2/XrJRSWInbrsEw1TNd4v9qYrul3FTTECS3i5o7ISAd33MEt1OgCiI"
    "ZFJKBxQH1TxMjWWFr2yNXTckJYepGrPC1LV9qB0q0bzAF4i8zMIZFqTMy18imrulEuCjEi"
    "KAe7Kg921fSuVreBCziueYRT4R3bAhkJ6OoAz2Vg34YRntFwwuNEdq1vNdyx1qejW+W3Lo"
    "zvZp7rI8G3jO96b+G0t35irZ7nkT1JcXXHizRWebtFoq6RFSqdMz0dF+BOW4WIeoiDgZue"
    "BmoTHXqH5cW6ok/aO+3FP2oOuquXUY8p+em2Vb3n3vbrE0Gttp/hrhlxnIcDdPnGu4aJPR"
    "zXhXgTPwcJj+5U7Cd42iFz5prqbd/LndrQFHDAndnQze3gJAxM1gLjXE24GfUeYRnkymDl"
    "S4QhhIwNajfxmW3KxjxIdwkHPJEFNVsAzP39M7W0R/w3p8ojAIHRxy57guUBE9sKN4mOqf"
    "28CvjGwq5JHhZeILDx5JqjB2O88KKDiR/EChXPFEed+kg9UPhv6NlfQBX4QK8aUEIZG6bD"
    "70zGrqlrKrQEwX4Izx26m8dOgH9quBY2hr7wdyxWFcvCiOLIvV7hn8OWeoQ7Tb3aYUTSqY"
    "jnhcrRg+YF5bqWhUwIDNrFp/cejjc+DyeG67ZhBcG9MCHx4GBva2UT3y7iV6ZgfLEJvYfY"
    "yItQ9GVT2Ngp8A4+WWEjOoJ3MKEnUPp3sS+M5ChIjkJF58sj9VZLjsJLbPU8HIUDbQd3PC"
    "aPAhrxcmFUxNMZEZLRo7lCo/mKs0RkdFROgp0D7JCKUATrmJjkMNWPw/TLXfuueN5OTwqz"
    "Q+P3kPXbN4Mmwc8ha930v7V7nMTkHyWzd151+1AeP+Ma8mEIF572kmi2TD/0srx0Qsed0N"
    "wIUGhAFwJ77PWoUO9Km9t1XxWDMto3ivh+43K1mDj37f4N2ZaKYB8Tk4734sgvrWlFxpaI"
    "UB1Q3/n6pVSIsIwNXhkbzO21RbptIFG/Pvv27FOeGfHsU/aUiNfiymQxZuayvFy/JViZxd"
    "M5yTxOqwCFgQGfr9BKTUjU4fXf90IBtWjXBjjHBTW6sFSpblwx4LfdkX2I/IjoIh06KSk7"
    "dvGOPVcsTLVcKJtRWKYa5NNaRYXYmFChuKstJCaJp9VxqyW9qSLepEQbx0RlO1e5nSXBeF"
    "98WEna3DtpM1cQY5EkWYKG2farqxH4KYmyts9wXeK2guIaxjYHx5WGixciufp5jxwj2JPE"
    "Z6b6GZI4vZMTET36o20CaNSjq6rI/0Rw4m68HdxiyE4j7EafBEtMqABPv9rFHiNyX2a8to"
    "99maXlefuWZ5v+WcQE4pWWFjzp0pYu7Uq++jsxK4nptgT6MUFp1CsRTy5Z+jXja+dh6Uu7"
    "0suwK4kJqiA3PyIlLUqrLUqh8M4NzUkp4aXHCfBam1K0h1UpCrhFLU2dnqTlufauNFZmuA"
    "7KrDOCZGO6ZRPCS7EfbKhuZVsGSiQe3DTfYNXe6z1snIcvVQGE/eI1RPftmzd59Ns3b7IV"
    "XLyWkjaKFU8bxQ6UNuowi4Ct+egTy4V9TmZ//z/H+PKG"
)
