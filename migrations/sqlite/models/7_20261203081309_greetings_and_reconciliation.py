from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "agent_greeting" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "caller" VARCHAR(64) NOT NULL,
    "agent_hash" VARCHAR(64) NOT NULL,
    "version" VARCHAR(32) NOT NULL
) /* An agent's version, said before it signs in, kept until the sign-in that follows. */;
CREATE INDEX IF NOT EXISTS "idx_agent_greet_caller_b2ec82" ON "agent_greeting" ("caller", "created_at");
        CREATE TABLE IF NOT EXISTS "reconciliation_report" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "run_id" CHAR(36) NOT NULL UNIQUE,
    "status" VARCHAR(16) NOT NULL /* RUNNING: RUNNING\nCOMPLETED: COMPLETED\nFAILED: FAILED */,
    "payments_since" DATE NOT NULL,
    "started_at" TIMESTAMP,
    "finished_at" TIMESTAMP,
    "summary" JSON NOT NULL,
    "error" TEXT,
    "connection_id" CHAR(36) NOT NULL REFERENCES "connection" ("id") ON DELETE CASCADE,
    "firm_id" CHAR(36) NOT NULL REFERENCES "firm" ("id") ON DELETE CASCADE
) /* One comparison of a connection's books with the platform's, made by one RECONCILE run. */;
CREATE INDEX IF NOT EXISTS "idx_reconciliat_firm_id_0bdb72" ON "reconciliation_report" ("firm_id", "created_at");
        CREATE TABLE IF NOT EXISTS "discrepancy" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(32) NOT NULL /* TOTAL_MISMATCH: TOTAL_MISMATCH\nBALANCE_MISMATCH: BALANCE_MISMATCH\nSTATUS_MISMATCH: STATUS_MISMATCH\nCURRENCY_MISMATCH: CURRENCY_MISMATCH\nVOIDED_REMOTELY: VOIDED_REMOTELY\nDELETED_REMOTELY: DELETED_REMOTELY\nNOT_IMPORTED: NOT_IMPORTED\nREMOTE_MISSING: REMOTE_MISSING\nPAYMENT_MISSING_LOCALLY: PAYMENT_MISSING_LOCALLY\nPAYMENT_MISSING_REMOTELY: PAYMENT_MISSING_REMOTELY */,
    "action" VARCHAR(16) NOT NULL /* PULL_PAYMENTS: PULL_PAYMENTS\nPUSH_PAYMENTS: PUSH_PAYMENTS\nPUSH_UPDATE: PUSH_UPDATE\nIMPORT: IMPORT\nHINT: HINT */,
    "label" VARCHAR(255) NOT NULL,
    "local_id" CHAR(36),
    "remote_id" VARCHAR(128),
    "local_value" VARCHAR(64),
    "remote_value" VARCHAR(64),
    "currency" VARCHAR(3),
    "amount" VARCHAR(40) NOT NULL,
    "hint" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "report_id" CHAR(36) NOT NULL REFERENCES "reconciliation_report" ("id") ON DELETE CASCADE
) /* One difference a report found: its kind, both records and values, and the fix. */;
CREATE INDEX IF NOT EXISTS "idx_discrepancy_report__7ecc4d" ON "discrepancy" ("report_id", "kind");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ;
        DROP TABLE IF EXISTS "reconciliation_report";
        DROP TABLE IF EXISTS "discrepancy";
        DROP TABLE IF EXISTS "agent_greeting";"""


MODELS_STATE = (
    "eJztfWtz4ji37l9R5cukq5hUOn2bzZw6VYTQ0+xOIAOke2YPU8QxSvCOkRlfQqfeM//9rC"
    "VZ4CvY5hLj6EtibC3ZfpYsad3/czS1xtR0Tj4b9vSoTv5zxLQphYPQ+Ro50maz5Vk84Wp3"
    "Jm94L1vcOa6t6S6cu9dMh8KpMXV025i5hsWwZYPonuNaU2oT6564E0ruDNM02AOB3k1D17"
    "BhnV/wmOHyRpRpTH8+wRuMLR3uAM230Bec+8ejI9d6oNDEhh7/+htOG2xMf1BH/pw9ju4N"
    "ao5DwBhj7ICfH7nPM37u5qZ98Zm3xOe8G+mW6U3ZsvXs2Z1YbNHc84zxCdLgtQfKqK25dB"
    "wAjnmm6eMrT4knhhOu7dHFo46XJ8b0XvNMhP/o/9x7TEcACL8T/nn/f/1HCzQbjTrdwajf"
    "GoxGRzFu4SNEQPdP6RZDThvMRaD+86/odwkIP3uEN2h+afSO3318wyGwHPfB5hc5XEf/ck"
    "LN1QQpB32Jsm5TxGSkuXG0L+CKa0xpMuJhygjyY5/0RB4U4YA8sWTBcsBLcCV8OwD8CF5w"
    "3GXms8/7FQwYtK9a/UHj6hpvN3Wcf0yOX2PQwitn/Oxz5Oyx4JcF37L4wBedkO/twReCP8"
    "n/dDutKFcX7Qb/c4TPpHmuNWLWfKSNA8NUnpWoQcsl173ZuCDXw5SK62XhusQowHb/6Zdc"
    "pz9cajPNHCVNrc2JZiezPEIW4Tlgt5vZdZc8nmo/RiZlD+4Efr49+2UFk781enx6hVYRzn"
    "X8S2fi2r8hrPn/HCDL9ttBN8s3dLSrhSqM7tmHDxnQhVap6PJrYXT9Zx7pnm1T2GvkQTqJ"
    "do+o3/Qv9gP8uwywv0sF/R1Cjnuz+8fAvgFP3Gn641yzx6PQlcCGlk7vqO1MjJkTZ8u5T/"
    "z5a4+afO+YAL+/Jb5adHSAy8i/ctjJs0kTstxabwhU0++mqjAZLp1uCFEbuqgsPOzJMnS6"
    "KUKil6qCNNOepxQJNgLpWvRSVZBsCgLteEOMeryTqkIEVxnlMv+mk/aio6pCNdVmM+hkQ5"
    "xavvRxJXqrKlgzz5mMdFMzNl3prqGjJvZTVaScZ6aPbG/T768P3fS8yn58GkwtT4ZrbLot"
    "aIh+nquK05zeTSzrEe5uGk/U3hiv76K/C9FdFth8xcdBoWZTuK4bpsHRGNl0Ztmb7q16oT"
    "57vMsqjTqUna0zK02ajl+ank2jZzSmPfBXwnvjnXzsbhxuW4lZlfj52iqrElwZebJVBsvS"
    "DKRVi5H5xCKO8cAcYjDiTmzLe5ikWYeSjEpFu1H2JGVPUpYFZU9SXFf2pFdlT6JTzTBzoS"
    "wJCuFbsk3pHkxKymC3bXSV9aiKqsiSzQzlVBkdIkgvoDE6FJh2KboH5qkEAT48i6WL8dNw"
    "uwyCPAr9PznEtkyKwrdG0L80SVRPb5ggjP91JJUJ3F31byWcK+H8IFbcAxXTlHD+GrmeRT"
    "jH+TpZnmkxb8r53QYsNCZ8PkJ8l7R7lG3gbT9/zjmbHl01+oNWb9S4uGp36iT4a8g+t3tX"
    "8sryeMj4jepkeb+80v3HLMJ9lPEB2f5jVPLElTJRhZK+AAZItrkKlmP/VWjRC0x3sAHJCW"
    "eARMGZJLmH0Y1D+9myqfHAvtLn2MSSLCRIw9RhQhqTEOC0rc0X+9rggIJ3hzemrph+G/1m"
    "46J1FPv+twCpjCCrKKSBKS8Z0nTt0i7Ft4XvbYLwFvTLTRfd9GCrLLF9pkGZK6PxEJYaN5"
    "fSMbl7JtIZNDGSLzvlejvrX4txy9/6byXaKdGunDPMgW7ylWj3GrmeRbQrv6lqb6bAD6en"
    "GcQxaJUqj/Fryta6V1vrDEDKNYIXBNUD+OP7DPh+fJ8KL14KowsTCcw1zsg0GH2bB+UYYf"
    "XQ3slwDuJ2VhTwMwV4ZsB137yYFWfZvnrw7sTXyKYPvoU3K8BLCgVxJohxR6iZgOA43zoY"
    "Jqse2O/OskStn6WHrZ/F5grLY66db7pYklQP4e3vN4okYVDJF9YmX4j55iTMFOeWZVKNpe"
    "wuFkQRhO+AalcQS+XafhVn593uZUh4P28PIuDeXJ23YJrmmEMjQ2iP252Bssbt0XykbB07"
    "tnWotBClTgtRsq3Bi3g88lwsCeYymaMl3VRmyBZZAhVta+zpLrFs4lD7CcbwwuoFJ0wz0U"
    "KWjUgZx5Rx7EiZSZRxTHFdGcfKxdd9pF5cPlkM5gH94SbDHCGrgl5l1UfT+mMQ+l4kpMdX"
    "jT/ehL6Zy27nN9k8wILmZfc86tjIDHc0s/3deGQ+o7ox1cyU6SxEGJ3OBOWJ38POVC+nL7"
    "BluGg121eNy+O372tnEcFf8uN9zPrrPHp55g+/eRUGdETvncm0/naFaf1t3LSuFFlKkVWi"
    "eVopsg5HkcWt5NvRZl0aLMuuvWTT88soa3z9X5K+ZqkaXKGyCTRar7Vh0gsZNTDUAekKuE"
    "PmhjshhusQ13KBkGhsTHzFHYEPzKUJqpxNekqMa5UfPNxGjCo+VjDqNhblumyMfXrOEVwP"
    "dABdo+iotEJKK1TW+f1A9QNKK/QauZ5FKxSctYtExAbp9+iv0O5867abrZzzqiSrE/9gyA"
    "A/kIQHcEoeRZfMTCLh1mNf/RU0kSsp+roFRQU1dtt3zjEcR+43Eqe7lC1FiGrVVHeAkK9S"
    "GOGHEdF3FoBvvD3wyimDZMROeYbFP/Ete4bRH/pEYw90ZCeP0VV64RjtxqrhAxqtvmr47L"
    "T29jS7bljIcwU3EUvqPQ7si17j8yDvBoIT1Qn/N2T9Vgd+4N8hu270Bu3GZZ34B3imfYE/"
    "2xdD1v3W6l3cwC7DPxgy2H/AVfxbjg2H491x2T/npxIkUwaU1R+JCxwsgnGIToG8BuQiAC"
    "tws4GrTTECYDTTkhRxKyGOUCqgVwN9p5lypcwBcoBKAbwa4CmdWnF00900ZPsqmLP37Z9h"
    "WvojTZgwVtq2l0R7tG0vzhyscZsrKIoocUOEW9DhHtCYL7fKNq6px0W0AIcDZIq/Zebvk2"
    "WMC33DIULF4zLzWCY3y+mIFCFTzkjKt0v5du0X0s19u5LmgS3AWsFq51FoI9NfCN4ezMm9"
    "dnOQzXdu7z5zhwJ5UhToKFBtcDsRoY1lh1XCbg8Oh3y4pTsdytG41vGQe43ylmu9D7uMEm"
    "yNCVK1hf9g3LdwRTtVnrIEK3uNKJ+/1+P9pXz+XiPXs/j8QXdGcphim6Wov4MkEWYbmfI7"
    "FGLv6a54+4BP8PPZ2/ef3v/y7uP7X6AJf8rFmU8r2B1Xur5g6GcxM80LrE07sSz842nMTc"
    "x5uNJOFiR7IUPZ25c1lL3PbChTwbV78w0p4KkWJHuFEH/KMZCFB0JOfJdErxDdXANYipU5"
    "xbUQldK/RkF1aV51doBkAzgPx/JTXJsdiMDcUPNavVxwtYjiNfydrldry4RkmwLrd3OQo3"
    "U9qMtPNYQo3J90bi4vX6p0k8zal6BlDCT0S9cwzgKN1ioXryxGn4lNdWo80TG5t60p0YhU"
    "9NcIVz3DBdciFuNBy1MYRSvKOW2jwzyJ7FTIslJflnmKP1BFllJfvkauZ1Ff5g46VNGaBy"
    "r9vmwEXC7xV0V0HqmIznKP53wRnVPY+VoJe9f04bykqEKQxK7zD9j0nuLXnysna4ioeijv"
    "pKKQZRsPRkrRpvWhyUvqPc7Ql91m4zLnHC2I6oT/G7LrXvdb+6LVqxN5FBWUMzFk62HGMI"
    "I9xp3Ui2xIEqiVXn7dxuSFHc1LNuMoP/OSwKn8zKvvZ17Ob3+PbubKcTq/07lY5DeEq8c7"
    "qRJEe7D4BAdXuvEnMgTX2oGC0QPZbEKDCSUzzXa5I/kiD23EcJPqhp6bWjmnl2A7UFPWnV"
    "ek51fWndfI9SzWHWWoUH565YA3hzpA7nTygRqmUqCuVgoEvIo2FGCzVyUtKbBrBdjwyMrg"
    "rqdcIbfhCplFN7BLMc4XehNEt6U4nC6u2cs2mb32XM9mQqhauthJlzt/EKZ76GUlVvJZCW"
    "bmmpLPXtFOXclnr5HryvtOed+9OHrFsrkqZyXlrFQBZyVYN5x8SQSWFFWAeN8JBJQfh9KD"
    "lRFU5RyzT+cYpVrcimrxpdVfTYsxqqd5LwSu1lapwfRwu/W1eQmOtZ8cTH33KN0LdGs609"
    "gzMRhmwtN0HbfyAD+ZmZp7b9nThMq8xfoZsiG7vXWoi6ed21sysQAr4k4o8RxqQ3/OM9OJ"
    "bECOHYrd2vQErj7xiNflG49ksze/8l6BcsTL/4b6hR2QwSj0rE+o/jizcAiRY3rycMIvm5"
    "rjLtwuRNgFQVGPzIBddPzmBLvWbTqG6wZgGulbt59nLlcLPlKGz/0rCTUfPVHbgWcFsgfb"
    "mjvk7plDxUsYU02fDGEEw/uNCWxAYVad1IhjwRszEW7jytPQC9EBVA6xTX/W2PhnZ67NAG"
    "vHBfEd3UcsuNfcNjjiGmF0Tu0h8+n9B+S3hW7gDaiND5I7gFjWQlZKTKXELOfacKDqLKXE"
    "fI1cz6LEnNnWkzFOq6+7PiooSF/martHv9+0m1/Pu92v/VG3c9nutOokdmrI/mj1unWCf4"
    "cscPmi1f866F6HSPxz0d1LFoXJu7Ms8aBn6QGhZxWoOnnd6ly0O7/lXBolWZ34B0PWaA7a"
    "34Cd4v+Qtf64bvdaF3XiH8CZXq/bg9/4b8h6rW/dr3jdPyjCwV2Eg00tl478bW6i3mCVgj"
    "GBuApasL0oGkPY8dPFoZfk1QP/7MOHDOBDq1Tw+bVITN5Smsmj6o2QVQHsfet7E+TIOAdS"
    "syCnUKuEyNGEyJquU8cZ0R8zAzZtBTbXiR2oilbl2VLHJSlfLbIB05N7UFw/BK5PUHu7Oe"
    "sTulH8LzP/pcI4zvD/7nc7ycwO0kS5a+gu+X/ENJydraEBXeWdZ5jwJM4J3vYl1JWI0eo9"
    "TnQ7E2EhdhDd4yy19rmYEqJSbNk6W9AsMuIo558eo7RqTizznMi5RW3bStAvpkt3YSol3B"
    "UQ7oQdk45Hd8mqpBXpbuKkKuWNcpVSXj3lcj7Jl/Im8E1vAdobp9Ipb+ITYO6c9AH9zwO6"
    "CDnUcTZPfNPAvvqiqwoN7UR75Mim8NCOu2muIL+7nuitqqjZFL16DNPgcAB2M8veFLpeqM"
    "8e77JK+OXyv1tCfWdZjyOHaTNnYiVILxLhLqMDC/6sx/kcOuwH+qvGrBpWgvNJ0LQSs4/m"
    "R4zPg5eyt4rgldPDs/XDpTbTzCttNhP3i7l5RpvUVvl6Ur/xaBpovdbj89Jgjw7RiGnpmo"
    "mVRiybRzEbrkPcuYGVj7lHojCSSh/OuMdnwX7Q4xO2LXSMno+4I6oRuX4QjY0jzckxs1xs"
    "ufTyfIMOke5Ec+FOxPHsJ+OJwnMM2dhw/Fa8I+gBzuPcQOYTyrh/Jt6PPypv5uDj4mkHmB"
    "B60QQHyKXHY9B9JtGITxflGTk2ePbvVP/JpMY18tf6u/gnZefK91L5XpZvJT9QLzzle/ka"
    "ua58L1+N72VJPPdK9+Hu3nWPppS8zvb50LTK16XC+6h50x90r7B+gTwasvagdVUn+BeOO9"
    "+67SZ8Uv7BkMG81L6C+a1O5NGQXTf+vGp1BnXiH6Ab7OebDveCxf9D1uy1LtqD0VXrCr7C"
    "wI8iH9n23WMXG9oce9AgjdK6J89ahWYr5V+cY5LyMYPp6C5tqV8J9pKweoDvIj8HBy3Vo3"
    "Ut3OnerArvBLxTvGuyx50U95Z/4bCT/p+dJkaRiP/hIJNyrJkgG0xnMKaZ/jx6pLkK8iWQ"
    "bodH67U4B/wxKHeXl3F3WSIIsI5zhe8kkFaBA3sZ6eiGV0hpFadWbnzl0VPF1ZMvUtK1ZP"
    "xUBV1L+CUVK+g6saZoj3MFGDmgDhO+QpzffsyRilK5SSo3yZd25lvrJvky+bmuPWfSNDVj"
    "epRUXGxxsbayphg0G+mLdhmyc4W8K+4oT54FnQj3Ce5e4bE6emFQzaHCLcIPQCMeM6njAC"
    "1mfhonpezaXufo1YEGP+5OAVQ8J5bIOyW6x3xb+N7EoWzsoOuG73uRkBWMp7xy5xZ25PAs"
    "VkO2cNPwn/ZYg55gKI2hW0N/rPEb/Qzv9vBAbfgFW6Op5ho6vJYDgjEBtnrwrriBfUMYhT"
    "75k8CDQN9zrKVGGvzB+VuODXhFx7Vm/hvi06FfC38F51d88GcfCu5rgk/HQFgUPWiPlKcD"
    "m+4i//+58ZAa4Z04CycEdPtfXXllfhHQ/V9nZ+/efTo7fffxlw/vP3368MvpIrI7fmlViP"
    "d5+zeM8g7t7GTYd7pbR5nMFy/Kju0YLyY8x1wecWRJUWZjX2nk++Lxy1sPWS4b9FUS7NUW"
    "XW3R1RY9cYsecstP2KVH3fbTN+qxiIFsZX958liMM8d9ozaW5aCWzsuwDcaunRp5pDOXwG"
    "53set1xNZTY84cNqdwktrJ1YG3fRPcuzcWLch8YsFmn7v/k5llmg7vYG7Zj+T49rbX+v0G"
    "prAR/L1p3d6+wSS03EWbioeZTwyT8gpYD3TI5hrsmsV2HvfvMouvPrHwHvzB3YkBJ6zZ8w"
    "m5veVvFcqo64sH0InhUnh82G0PmUzPK8pgwEmBBKbaxf+wjkEf0O3C71u8zZ1teQ8Tl2/N"
    "yTGOHXhseDkqfcMdF/PjauM3oicefkQj3WniPZe9TuDuiIDAFGSnZ+qSuYZP9Qi/oH9VBq"
    "wsE/+q7b7y4k7fuR6mP6/y4n6NXM/ixc3XmTjD0/PLLAhUapnVngAFUsv4S3be7y9ApizR"
    "5fnW4lNscCOVn8lhWsXpMnM6UIqjUAKbJaHSncaVFHlk6iSexBkiw7czKjXCNWgOkQ1ZE4"
    "ksB2IG9cZGKov+M9N7XmLJH3mptkpRwdOq2V7Gaj9dYdPD4jCaqKzzv9ZdTVSB4fYtlLWx"
    "tIw0aqGGAOvh2BaOTodIlUhcM7HdrvNUoAmIXyoSWsnQSppSMrTi+u5l6FJs9g5nM5/DUv"
    "4ITx8HNFt4jqQts8X8qPut1bu4aY3631ut6zoJ/Ryy65v+l5EfGNuvk9BP/6qMqpWXF7/x"
    "+uXlyA+Y5ZcDP4esfXXd7Q2C9NEzizbLJ4icGLLP2CnGENXJ4nDIvrfOv3S7X+vEP/CfNf"
    "gsgZ9DdnONn/FoEQsc/j1k8O9ieTX4CwOBm91Os33Zwlhg/zC6JcvkE731yHrfBavo+A2Q"
    "7zHA7Kbf6uXcaXEaYFofY7v7zS+tixvkhjxKGg6Nm0G3TvBvEVZtP9bsAAtQcbPjRV5WCS"
    "rMRoH/4eu56XR4YKB/AMxqtAf8jH8ALL1pNlutCx4tKA8xJL83aDcuMSSfH8Bc0IBPDxqJ"
    "/6VhrF1sQxamVNq28uy/khyBmIHOugXYHCFVfC4zn1OiXlK9gNOCXVRlJ8y+hJWZaML2Oh"
    "XOEI2CNAqp4+k6peNckIZoFKRRSO81w8yF55JAgRkbn4/GbJZvdC4pFJxROEXs/ZNIkP5P"
    "DlTjhArc2FhNTVG9ovJRgEY5p4T2dNtwTsmdGUQlBdkgKQj6C8PzjGyqOUkG63TY45Qlxv"
    "/oO3fClsoGbjflrtLoLVzjFlLHYDoVHsfH3ItbOFYbLoHB6k2pUyOAo4b+xhr3aCaUjd/E"
    "zbI7vVNJRgt/g7wicIxYCcFlFoLFWMyzMC4pNloW9zQjfLHmGBEN9/DoIohae9B4En3+fY"
    "qE94uPl8cdaLZtPNFxHX0tCEIFn7T9AF8s/jYSYr53d5sXXqdVVNxWTZBSD5y7FF2MUBl3"
    "VbzhOki3WzltOQS3AGy166bFvtYNqqbx+Lw44nnKV/kej23oqUKDOV/VqmL+oxyydB9Sie"
    "h6P9KRIZtmCni1PBfr7PCdgij2w7OzGEw6gUKXvhOoBue4pgBvSbiYTIx73GwI9WVysOu2"
    "b6CysRxoNhZVN0DVDdh94p1yruMbbuZV2YCEUbuLsgHw5jTBUr8qk7FPsEcXql1p5sP4nn"
    "34kAFfaJWKL78WxtffDBRdBALkpV4Fkl3Pvjd6Hd9FrSec1sKuZ0PW/9q+vuZU4qAcs7mW"
    "EnyW/lUsKSr3WWzf37ZYCnWVPT1vdrUpdRwQwfLYpAIkVUB43+adiS8rZYVbtldY58daBe"
    "6lTyyHGcKVJXCP63tyiVlLCmUyWa3Y92OyN1Q/B2LADxPUtSro5YgqUybBBmxBn1BjlKBT"
    "XVyrrVKoasFWmXSpmjfGtNgAllnHLHxkbIyFQda10ClDn/jaT+G3gR4byTrToh3tJeheaU"
    "z3pTF1LM9O8ovJGN61oD6kOLw/+1xbKv4P2XWv+619gdflkZKJS7E67LzEoXf3v1R3BUo5"
    "YI7SVRDs7asgJGg5PUVCVEpnH8Y0ePMYqOkycISsEsN337KwMUMRCnMS5Zk5wlRV0EHseo"
    "5WOod06Kurc4CNjGXnXCqCNGqhUI6vyj2zXDqcXO6Z/GPeAqbV9swMTnm5nTJ3qRn7Tu8m"
    "lvV4QU3jidqJCrJok9oqPdlcNMY3XLbOpC9jlmvo1JFugRRDFIjfHZHd+aUkpPugbk1nGn"
    "vG8nGLFvD0yLEI+3ZwiyFzsPCcZvptsMic4YgiHZp/E2tOZtSWnbzhpeaIGLyER88SY0ym"
    "vMKcTWX/Qwbb0ikW5EvT4/2FaQyeDL+clgjDhcH1d0y/F2zmuwD5z+IPRkz7Q4+A7i//kD"
    "cU0ChtYHm1gUHGFtEHBunLLFYe/X7Tbn4973a/9kfdzmW708K8T5FTQ/ZHq9etE/w7ZIHL"
    "F63+10H3OkTinyuiOdyBu4f8dBPZmOLsEaApM+vK5GqWOPfl9J0ME5dYJcDXOrluuYF1T8"
    "P6pneW5/5KOrg8WQxWHdTawTLoLz6wiCVboTbsb//em8FVLMbsdWUKQqRKI3FIGgkHxA7N"
    "9Ww6etLMxE2KZZlUYylq7Dh1hP13QH6AHF+1A+l2L0PMPW9H9ao3V+ct+AIjhecTUp7IPW"
    "QhG6Uk3qOJstdqttrf8ueglHQ8YSs/4ubJZqvfx5OLw7hbb6/1363mQFCKo3IYMWfas2lp"
    "Cd9Lekx+gOQAgvK38amopDQHbw9aJAAssDGI0qokI2VOMvJiuvTD4emhqNLLieihFlZuYK"
    "XbS+vBSCxUFLhaW+kSie1G5qJhJi2vjmpO5hrQgkd485q7uOl2MAicB34vNa+ysIR0bBTJ"
    "bHjBZJvOLMx1kCKsbvsuWFT59namOc7cAvQnmjMRRYQ14pjWnDiaiUIvnifHDNXCXFCWBG"
    "+wGrIIW4eVw6XTGa+LzKsf396alv4IFzx4YBPOuhPbcl2TkgcP1hp4KySWyodH+ow35m93"
    "jxpnnvWHKyhCIjpnC1ZsRp2044nKxeR4WedYvJqDr4qDCmV3ypXbDt7UYv4j64ECzsLnVP"
    "YwZI5mjIX8n/QUxyKzEB0bAlzoHPt1amRm03tqU5gXnDcnCAB3rqUj/87wwQhssVOuVphR"
    "Jh8LC1K5AXXEPWBax5fA9toj9bmrDRlvYdOfAeSfnbk2E3Wr55Z4eocPBwCX5x5wRbokWf"
    "zagh74TeHuqtpzWRaj2gp1uHI+SQW8wqoeVamqalxP2NfHKlV5DrVH/EeM6ek6/BDRdvRL"
    "L2uF3LE3X2irkwfoGKEyUWUzUQV2eHnwjpBVEO3tD+7ITjwO95rU/CFKlfc8llQ+IM/kXZ"
    "ijtErDVp6VOL4B41UAZpZpFtqExakVt8vMbaHw8eX4PGtUjLAKdotduwZx3Usea9yCQNWN"
    "2LqJTpQ7yWunC1NVYdDv21gX0wzmUaYlEiuzTlTsKEHd53LJ1lu0l6XbdwI+M2J8bphsmV"
    "tt+qKrAxT50ixqCdmWk8ZuHLsuowML/mS0QzZDXR3icF1rjIx9sBlMkpubGeWQTDM0Bobs"
    "OlOjE2i61tgIrJd2P0FWI/eWx8bkThjIuKnOwnzSDnENEDpdYR3zj+E0Ne/RqiSseY5r2T"
    "SpIs+O7iMMjga7N42HiXt7y7dvwiQG4tIDtLQpjD08N9Fg2I0xtTbasngLtF366eq4UROt"
    "Ws9wN405cwr9/4qd+yVzoG9HexZdSyMbPM5M89D2yM2G9yCjWfOfvRmZW/Zj5uQy4c/Tjz"
    "RRhjJlKCvnEnSgJhNlKHuNXM9iKBNLTG4LToRMGcvW2hMOzuu9e93q5Fy3OE2d4N8hA0md"
    "u7mL/0PWOG90LmAQw6nFYdTzPbpzehkvd66ScShlRfXVAdoKzoaHO/vFF72ZbbkWcK+Ixj"
    "qJtgr6u11/XlJgyaO3DtKUQ3WN96uM6pr+0EFCfKB5zNwhGmXgjhq4pRidA9EgiQI0Cqgq"
    "/ft6lmVlSnuhmgAWcwHePCtzgKQcC3OlbMq6aRWLQgwRqsmuzJNdOa2r5WVwDsM1j3DKXV"
    "ZwSaMAXR3guQjs2zDCMxxOeJjIrrWtBgfW+pyJq+zWufHdzHJ9IPgWsV3vN5z2N5tSV7xq"
    "sqF70aC23tL9EGy71tTd8CNcf3JkkGWN8NjMO3oPowmjI2Xsa02kJ+Tu1cLiCxd+5mZjzf"
    "XtvAkJoLZ+BzRv97EQtB+MiYGXHoZgAoVhE2vO5I1EbWhdM03Rg67ZmFSKMCsS5YtWbkzJ"
    "KCzY3Mb+u2foj+eW9eiQ7/SO+F+KZcNr3N7qpgHE38Rdbm8xohS69V/o9haW9Ql2rsPHdH"
    "v7BqNHhww7XTyXn+pxAmJ9TVr78Tkp9s+oi7Zy4icR58+nhZwBMCJJvH5tyNDKHgTr3ram"
    "4gSMJL9XMoUnRLBMeCT7VwHHAl2eQxL4cMw/C7Tc85hcaw69hwNf7+gEvnYeWSufjmr6hH"
    "exxP8Nf2Sgd4hljnk8M0ZSk3s6J1ODeS51hgwTgM1sj9HxCWmwZ9K4bhM/RwYG0xJ4xSdK"
    "qIEuAvwtsvsO8FfG1oVL0yjnAeU8oMzIynlAcb2I88ByAs4cibigUEGIGZwGxE4vr3NGmE"
    "oBnQHoAubfTa2+5YZ4O7FKOXzddyl8XfuJrHvCHTZJ/Io2WSmAycTYIzvQOpO3sU/APWY1"
    "IvsR23Rh/vO37iLRkMHFHjwtks/A3n0i0sYnOxlvr3vhW+z3JzMKOX5a+nrIazmYHQn2+T"
    "VMi2PzSAR+Ez8BJE+tozmPPCm+OzfgdguBBuUXd8I9iWHwO8uTMI/Zz5hkaAY3o+IRFhmG"
    "GP3hEmmFJmOLOnV8ZoeyMc+QtIADnsiGnm0A5vYW8w3f49sca/cuSlew12aPDKVJy3NRwK"
    "sTE3P9iw6wZibxZiC7iSxM1qM3G91Z42eRmon4GYSg46nm6hMfKV9CxORDsNrCA4FsCOLi"
    "2Jq5/M5k7M1MLjZinQBaF1KjfzfhGg5vank2MsN8JgaKgwuxNnSvN/hyyKl7uNNE9O64mr"
    "kQQqFz3IEI0dOzbXRD53Idim784TjzeS4nuO5Y9jKzEuwXeGYmIWDP8OsifmcaJneawegh"
    "ssLBwiEABwXewZezN/IFFwcPfvkBv3KskvGUjFfWVfQwd/tKxnuNXM8i471QwfjDsTfnME"
    "cuNkZ55IwQUQUljV3kpeI7zgJpqcJ0CuwMYAdEhDxYR8hUAMlaoA8ugOT3m9ZN/qIJggqr"
    "MeH/Ieu3OoM6wb9D1uj0v7d6PILEP4qXTrjs9qE9/o1KyC/j7S6klxjbUp2AF+2VB3DUA5"
    "grAXJN6JJgj6MeBepdSXO7HqtyUkb9RhzndMfbKF0lFs59+94GdEt5sI+QKa/n/MgvtGl5"
    "5pYQURVQ3/n+pVB+JpWYaWViJq6vzWWAXVBUb8zupEQgKr3zhMUt2qv9WywkLn8uXZVEdx"
    "WgMDHg8+XaqUmKKnz++94ooBTtOQDnOKdEF6QqNIxLBvy2B7IPkZ+OKs+AjlOqgZ1/YM81"
    "G+vc5EolG6QpR+RfpULyHfThym9qC5CpqL/ymNXi1lQZ7F+AxxFSxecy81lFd+4rGFFFzO"
    "09Yi5TBpk8GYqlG2bL765C4CdkKd6+h+sCtxUurkFsM/i40mDzXE6uftJZ11oWhPQ9U/30"
    "tNy9kzsiCvdHZwagURnDN6W86mTUjLeDWwzZcci70XeCJTPoAE+/2UWBx3PjIVVkTJzwEy"
    "RF/6Mur01cyIn/dXb27t2ns9N3H3/58P7Tpw+/nC4ExvilVZLjefs3FB5Di7mUJtPdFZXm"
    "efuaZ4f+k0cFIlorDZ4yaSuTdik//Z2oleRyWwD9CKFS6hVI5qW89Cvmr53FS1/plV6HXk"
    "kuUDl980NUSqO0WqMUCO/cUJ2UEF56mACv1SmFR1iZUjD1KDy8bpgG10H16MyyE0OBE9vV"
    "VulK7BDFyF6SZNKXiBhSw7EYRk5qgYDanxxyx1MTzQ13IiIyTc29t+zpT06NTLUxxaRCqK"
    "rotZrdTrN92cIQ3OTg4O3fRgQJO950qtkY9jqxTD96V7c85oqERlN+CHccG/DmdAYfCgax"
    "QoePmGJIqmZMgz3SMdE9x7Wm1HaGbD6xHIrBxIzcaSZ+Xw70cX9PbXLsUErqU+pO6rc6fI"
    "snzjPTTyQb6Elz8aon8umy6nD+gk/dnmJblVRIBZyWf16u8FZWBZxWjesJO9uyBJyWS3G+"
    "JSUtd45KVi9mixnzktx7dqlr7N10Ou3ObzmXJ0lWJ/7BkDW7V9eXrQGvQCQPy1luaKY985"
    "yNqyobpAasRihXTXUHOM2tgBqnqvhwt4utF2FKpfgoz/IQ3xXcG8xwJoXYHCFVfC4zn33B"
    "Lc7jdJfUAEk5PFIrVYsidz0WVYpls1Isym9wN9tiVPDkBDVAouBcrTSX6rMNNeaf/W4OE9"
    "K1avLAgFK1IErt2RpSW8fxz+PderHo6rlC2O/UsTUIWYKtJoJouolmHGmYyTAjrA0UU6Nq"
    "RFh1RHbOOk+divaLGrmz3ImfulOUcHjSTI86tYVl4974kWyQ2W73WUwbS8sUdp7TrKEcVv"
    "HaPhxWOXNi+GfT2knaMjusHQ26g8bl6Krdv2oMml/qJPx7yM4bl41OsxVoET0zZCBfDm76"
    "gSaRE0PWvOn1Wp3mn4E2sVND9q3bvmhdjHqtq+6gdflnnURODNlFi2sPA02iZ4YM37Z9dd"
    "3tcY1j8NeQiVZ4y77QUYZ+D9l148+rVmcgT4wuu83GJd4m5UKcYvlkaVeKqDq3kwM85JyU"
    "sonJNrSX1KUe3Nc3l5cjnw994EjwJ7Dupv8ldDXw0796c40KGP+a+DFkYjjVifg/ZF/amB"
    "ftiz+7vLwWG1CmZjJnk5eMBUGZmVnQj/nsw4cM+EKrVID5tWiCKF0zcxczXNKoEIaod/LU"
    "cmkioKvyVgaIqqDX2kMKHTEI+b411wQRJqse2LtIxspHZ26oo3QK6/VYi1oKeq6kcUGa6m"
    "H8Lst2MX23GNsscs/BBBsf1Y2pZqb4sC+IohYgQXXiU+/MCnT6Auaei1azfdW4PH77viZ2"
    "484/piFUXRL396dReCdGErjp1hzZvgrjVoXilIYVB+rJlsV/UWjbckdoBIiUrWldgIbUZ2"
    "5oFEnz+T9MkDMEaQQGWZliNBrUNvTJUYKm379SW1kYe9lmnX4/HdItp3l4LSrzDUPi05Xh"
    "qjTjPpRL+FHlQNhvXkF0356eZtGAnJ6ma0BOY3ttuKNLk7bb6b5sAZL9+7K9zD5ga15rsR"
    "3DPhezf/8/XRVyUA=="
)
