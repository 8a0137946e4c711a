from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
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
        DROP TABLE IF EXISTS "discrepancy";
        DROP TABLE IF EXISTS "reconciliation_report";"""


MODELS_STATE = (
    "eJztXW1z27ay/isYfznOjOpJnKTtVe/cGUVWGp3Yko8kJ+2pOgpNwRavKZAlSDuec/vf7y"
    "5AUnyVSL1SNL7YFIkFyWdBvOw+u/jPydyaUpOffTSc+UmT/OeEaXMKB7HzDXKi2fbiLJ5w"
    "tVtTFLwLStxy19F0F87daSancGpKue4YtmtYDEu2iO5x15pTh1h3xJ1RcmuYpsHuCdRuGr"
    "qGBZvigscMVxSiTGP68xneYGrpcAcovoW64NxfHp241j2FIg7U+MefcNpgU/qd8uCn/TC5"
    "M6g5jQFjTLECcX7iPtvi3M1N9+KjKInPeTvRLdObs0Vp+9mdWSws7nnG9Axl8No9ZdTRXD"
    "qNAMc80/TxDU7JJ4YTruPR8FGnixNTeqd5JsJ/8t93HtMRACLuhH/e/Y//aJFik0mvP5oM"
    "O6PJ5CSlLXyEBOj+Kd1iqGmDuQjUf/6W9S4AEWdP8AbtT63B6dsfXwkILO7eO+KigOvkby"
    "GouZoUFaAvUNYdiphMNDeN9gVccY05zUY8LplAfuqLngUH62ggOLFQwaLBB+AG8O0A8BN4"
    "wWmfmc++7pcoYNS96gxHratrvN2c879MgV9r1MEr5+Lsc+LsqdSXBd+y/MDDSsjX7ugTwZ"
    "/k3/1eJ6nVsNzo3yf4TJrnWhNmPU20aaSZBmcD1KDkQuuePV1T63FJpfWqaD3AKKJ2/+kX"
    "WqffXeowzZxkda3tmeZkqzwhltA5YLeb3nWXOp5r3ycmZffuDH6+Of95iZK/tAaie4VSCc"
    "31/Evn8trfMazF/xIgB+W3g26Rb+hkVwNVHN3z9+8LoAulctEV1+Lo+s880T3HoTDXKIN0"
    "luweUb8ZXuwH+LcFYH+bC/pbhBznZncPkXkDnrjV9IcnzZlOYlciE1o6v6UOnxk2T6vlgy"
    "/88fOAmmLumAG/PyW+Cis6wmHk76DZBWezOuRgar0hUG2/mrrCZLh0viFEXaiitvCwR8vQ"
    "6aYIyVrqCpKtPc8pCmwE0rWspa4gORQWtNMNMRqISuoKEVxlVKz5N+20w4rqCtVcs22oZE"
    "OcOv7q40rWVlewbI/PJrqpGZuOdNdQURvrqStS/JnpE8fb9PsbQjUDr7YfnwZdy6PhGptO"
    "C1qynue64vREb2eW9QB3N41H6myM11dZ34WsrghsvuHjqFBzKFzXDdMQaEwcalvOpnOrQa"
    "zOgaiyTq0O187WuZW3mk5fmp/Pk2c0pt2LV8J745187G648K2kvErifGOZVwmuTLygVAHP"
    "kg2rVYuRp5lFuHHPODEYcWeO5d3P8rxDWU6ldatR/iTlT1KeBeVPUlpX/qQX5U+ic80wS6"
    "EcCKyFb8UmpXtwKSmH3bbRVd6jOpoiK9YzVNNkdIwgHcBidCww7XLpHumnMhbw8V4sfxk/"
    "j5crsJDHRf8/OHEsk+LiWyPIL81aqucXzFiM/3ESGBMEXfVPtThXi/OjGHGPdJmmFucvUe"
    "tFFufYX2evZzrMmwt9dwELjUnOR0zvgewe1zbwth8/luxNT65aw1FnMGldXHV7TRL9NWYf"
    "u4Or4MrieMzEjZpkcb+yq/sfiyzuk4qPrO1/TK48caTMNKHkD4ARkW2OgtWYf6016EW6O5"
    "iAlIQzIqLgzFq5x9FNQ/vRcqhxzz7T51THkr1ICBxTxwlpaoUApx3tKZzXRhsUvDu8MXVl"
    "99satlsXnZPU978FSIMIsppCGunysiHNty7tcvkWcm8zFm9RXm7+0k2PlioS22calLlBNB"
    "7C0hDuUjolt88kIINmRvIVl1ztZ/0jbLfirf9USzu1tKtmD3Okk3y1tHuJWi+ytKu+q2pv"
    "rsD3r18XWI5Bqdz1mLimfK179bXaAFKpFhwK1A/gH98VwPfHd7nw4qU4utCRQF/DJ6bB6J"
    "syKKcE64f2TppzFLfzdQE/V4AXBlz33YtFcQ7K1w/enXCNHHrve3iLAryQUBAXghhnhJoJ"
    "CE7LjYNxsfqB/fa8SNT6eX7Y+nmqr7A85jrluouFSP0Q3v58Y50kDCr5wsrkCyluTkZP8c"
    "GyTKqxnNlFKJRA+BakdgVxYFzbr+HsQ79/GVu8f+iOEuDeXH3oQDctMIdChrQed3sj5Y3b"
    "o/tI+Tp27OtQaSEqnRaiYlODgzAeRS6WDHdZkKMl31VmBCWKBCo61tTTXWI5hFPnEdpw6P"
    "WCE6aZ6SErJqScY8o5dqLcJMo5prSunGPV0us+Ui8uniwF84h+d7NhTojVwa6y7KPp/DaK"
    "fS8BpKdXrd9exb6Zy37v16B4RAXty/6HJLGRGe7EdvzZeKI/o7ox18yc7iwmmOzOpOSZX8"
    "POTC+vDzBluOi0u1ety9M37xrniYV/oI93Ke8vf/DK9B9+8To06ITdu5Br/c0S1/qbtGtd"
    "GbKUIatC/bQyZB2PIUt4ybdjzbo0WJFZe8W658MYa3z7X5a9ZmEaXGKyiRRabbVhAQsZLT"
    "CUw+oKtEOeDHdGDJcT13JBkGhsSnzDHYEPzKUZppxNasqMaw0+eLiNbFWirWDUbSrKdVEY"
    "6/T4CVyPVABV49JRWYWUVaiq/fuR2geUVeglar2IVSjaa68TERuV3yNfodv70u+2OyX71U"
    "CsSfyDMQP8YCU8glPBUXLILLQk3Hrsqz+CZmolx14XStTQYrd9co7BeTDfyOzucqYUMall"
    "Xd0RQr7MYIQfRsLeuQZ80+2BV801SEHsFDMs/YlvmRnmrzDWHNYW0nuE+mLQ+jgqO6QJoS"
    "YR/8Zs2OnBD/w7ZtetwajbumwS/wDPdC/wZ/dizPpfOoOLGxj3/IMxgxERruLfagyB3LsV"
    "q9GSRv2omDLpR9FPm/Rd0OA6GMfkFMgrQF4HYAVuMXC1OXLSJ7aWZRpaCnFCUgG9HOhbzQ"
    "xGyhIgR6QUwMsBntO5lUY3nzgQlK+Dg3XfjAHT0h9oRoex1Nu6ENqjtzU8c7TuVrFkXses"
    "GBPcglXxiNp8tY2IadsxDqJraDgipvRbZf0+WsZ0rW84Jqh0XGUdB+m2SlJjEmKKHqPYRo"
    "pttF9IN2cbZfUDW4C1hvtvJ6FNdH8xeAfQJw+67VExNtfeWVzHAnlWXOIksv/ddmIUW4sK"
    "64TdHihwornl0+CC1riSCid4jKLkSj5cn1GCpTFlpxYy2tJstyXl1IaJFRjZG0Sx0F4OH0"
    "mx0F6i1ouw0KA6IztwrstyzN9RkYSyjUIZB9ZS7+td6fYen+CH8zfvfnr389sf3/0MRcRT"
    "hmd+WqLutNH1gMGI67lpDjA27cSz8JenMTczC99SP1lU7ECOsjeHdZS9K+woU+Gee+OGON"
    "n8vlXUkEDsBUL8U4mGLBkIJfFdCL1AdEs14GBZWXK5FpNS9tckqC4ta86OiGwA5/F4fta3"
    "ZkdiAje0vNYvO1kjYXiNf6erzdpBiqxNgfWrOcrWuhrUxacaQxTuT3o3l5eH2kwoyCOXYW"
    "WMpJjLtzDakUIrjYtXFqPPxKE6NR7plNw51pxoJDD0N4gwPcMF1yIWE2G0c2hFSzYY2kaF"
    "ZVKrqSBaZb6schd/pIYsZb58iVovYr4sHQan4gePdPV7IPTWWf6qGMOTXccYzmEuZmXMpv"
    "IBXkjUgba/6xhth95RbI+l8lbGhOqH8k52XbEc497I2dhmdbDsQnqPfcZlv926LNlrSKEm"
    "Ef/G7HrQ/9K96AyaJDhKLt0KKWTrga/Qgj0maNPrDJEZ0spSvGqoPDD1uWI9jmI+VwROxX"
    "yuP/O5mt/+HonPispbngYtB/kN4RqISuoE0R58ENHGle+OSDTBlZ6JKJ+9mJdiNKPE1hxX"
    "UJvDXJ0JV0IuMbq0tKJLV2A60FD+hhdkeVb+hpeo9SL+BmU6V8yxasBbwhwQzHTKgRqXUq"
    "AuNwpEeC4bLmCL79xYUWBXLmDjLasAgUyR87ZBzitiG9jlMs5f9GYs3RbL4fzlmrMoU5hH"
    "5noOk4uqBekrIIH5jTCfM1ZUWK3PKtAzN9T67AXN1NX67CVqXfHBFB/s4Oitl19UkZUUWa"
    "kGZCUYN3i5sPaFRB0g3ndIu+JxKDtYFUFV5Jh9kmOUaXErpsVDm7/aFmNUz2MvRK42lpnB"
    "9Hi51fuXEmxr/+CYjO0hoBfo1tzW2DMxGOZm03Qdp/IAP7FNzb2znHnG7qXr1TNmY/btG6"
    "cunubfvpGZBVgRd0aJx6kD9fFnppOgADnlFKt16BlcfRQxmIs3ngTFXv0iagXJidgiNVYv"
    "zIAMRqFmfUb1B9vCJkRO6dn9mbhsatwNaRf6TGP3lOBSj9igLjp9dYZV6w6dwnUDME3UrT"
    "vPtivMgg+U4XP/QmLFJ4/U4fCsIHbvWE+c3D4LqMQ2r1TTZ2NowfB+UwITUOhVZw3CLXhj"
    "JgNA3OA01EJ0AFVA7NAfNDb9gT9pNmDNXVi+I33Egns9OYZAXCOMPlFnzHx5/wHFbaEaeA"
    "Pq4IOUDmkN9otVRkxlxKzm2HCk5ixlxHyJWi9ixLQd69GY5u1BujoqKCpf5R1JT/51021/"
    "/tDvfx5O+r3Lbq/TJKlTY/ZbZ9BvEvw7ZpHLF53h51H/Oibin0vOXooYTN6eF4lQPM8PUT"
    "yvwT6I153eRbf3a8mhMRBrEv9gzFrtUfcLqFP+H7POb9fdQeeiSfwDODMY9AfwG/+N2aDz"
    "pf8Zr/sH62hwF+Fgc8ulE3+am2k3WGZgzBCugxVsL4bGGHbi9PrQB+L1A//8/fsC4EOpXP"
    "DFtURM3mI1U8bUmxCrA9j7tvdmrCPTGsjNy5sjrVL0JlP0arpOOZ/Q77YBk7Y1JteZFag9"
    "lqozpU6vpHyzyAZKz65Baf0YtD5D6+3mqs+oRum/yvoPDMZphf9z2O9lKzsqk9Suobvk/4"
    "hp8J2NoRFb5a1nmPAk/AxvewhzJWK0fI6TnM4kVIgVJOc4C6t9KaXEpJRatq4WdItMBMrl"
    "u8ekrOoTq9wnCm1Rx7Ey7Iv5q7u4lFrcrbG4k35MOp3cZpuSlqS7SYuqlDeKKqVYPdUin5"
    "RLeRP5prcA7Q2vdcqbdAdYOkt6xP5zjxQhTjnfPPFNC+sayqpq1LQz/ZETh8JDc3fTXEF+"
    "dQNZW11RcyiyegzTEHAAdrblbArdIFbnQFRZJ/xK8e+SH7RpZWbSDPDtMzqy4E/Bb/oyqK"
    "0ePerfJdmKne8udZhmXmm2Le+XoiwmizSW8RapX3gyj5ReyV68NNgDJxoxLV0zcR8HyxER"
    "uYbLiftk4L6ygl0nHX4BHzHNXlyzHmQvwhBMp8jiw9G9QYK+kGhsmihOTpnlYskFY/EVkv"
    "vcmebCnQj3nEfjkcJzjNnU4H4pURHUAOexnZOnGWWCa4j3E48qinF8XDzNQQmxF80g8y3Y"
    "e1EqSKZDmoab3wls8OyfuVzArMIN8sfqu/gng8oVj1DxCKs3Kh0po0zxCF+i1hWP8MXwCC"
    "vCQqvch7t7GhrN2VC42OdD8/YVrhTeJ+2b4ah/hbn4g6Mx6446V02Cf+G496XfbcMn5R+M"
    "GfRL3Svo35okOBqz69bvV53eqEn8A6R0frzpCUYn/h+z9qBz0R1NrjpX8BVGfqzzkW2f6h"
    "lOaEvMQaMyyoKc3Wut1VsprmyJTsrHDLqj27yhfinYC8H6Ab6LXBMCtFx25kq485mZCu8M"
    "vHOYIsVjKNZnfh84hGL4e6+NERHyfzxgohpjJqwN5ja0aaY/Tx5oqe3OMkS3o6PVVpwj/h"
    "gUdeMw1I0FggDrtFQoSoZoHTSwl5aOlLK1jFZpaUVJq46dKm2eVOQdRd45NMVkJXnnMFlj"
    "rj0+a5uaMT/J2vImvNhYutMNFJvoYbkCOWNiftJbKlK6QCXSESocpR5roj+VapxKB6cfFk"
    "E8ZlLOQRbzkUyzEslsr3L0z6LpXjhGQUpkapHZUGT1mAUG35twyqYcnbC+FzUjV41IxOI+"
    "WVgRF7lVxix0uPpPe6pBTdCUplCtoT80xI1+gHe7v6cO/IJObq65hg6vxWGKS0CtHrwrDk"
    "WvCKNQp3gSeBCo+wl3+CEt8eDiLacGvCJ3Ldt/Q3w69FCLV+C/4IM/+1AIrzE+HYNpn6xB"
    "e6AiSc18F1mpPxj3uXGHmb1wRpih/9VVd/Yuwwz/6/z87dufzl+//fHn9+9++un9z6/DeM"
    "P0pWWBhx+6v2LsYWxUDYIR8x20VTJEHlQd2zFDzkTmozIz9oVElc32lZmprx9Vt/VAuqpB"
    "r6boaoqupui1n6IPYXY38DKzOgaXlk7PReSc4xVM6NiXE2S5faRInvi/1m1DJvoTk0Wc12"
    "L2wGCGCNNbiikPHQvbI0wwmWbzmZWx88l2qy6TZDDCLVMEQUUQrGg/daRUMUUQfIlaL0IQ"
    "jKTWXSsgdSGowlHjq6IHg+UQX1Z7rQPZKi8/T/pfOoOLm85k+LXTuW6S2M8xu74Zfpr4fL"
    "Fhk8R++lcDsllwOfyN1y8vJz6PTFyO/Byz7tV1fzCKyifPhGUWT5A4MWYfsVJ0rTdJeDhm"
    "XzsfPvX7n5vEP/CfNfoskZ9jdnONn/EkpMjFf48Z/LtYXI3+Qn5cu99rdy87SJHzD5NTss"
    "MQTn175rrtNyK+R97FzbAzKDnTEjKgtCFSHoftT52LG9RGcJTVHFo3o36T4N91VLV9CsYR"
    "5hj9103nxk/wWYrijVJI0sb/8PXc9HqCL+MfgLJa3ZE44x+ASm/a7U7nQpBogkNkqg5G3d"
    "YlMlXFAfQFLfj0oJD8XxnFOutNyOKSyvFdnflXllWNGej5WkPNCVGl5yrr2bVcuRNeXMO5"
    "LrWwvEremUzeaTsWJt+kGdPrXDhjMgrSJKTc03VKp6UgjckoSJOQ3mmGWQrPhYACM9U+Hw"
    "zbLtc6FxIKziSckpL6KHPg/FUC1bSgAjfVVn0XSBrWJcktIzIqtWVsTreN1JalCfOKK78B"
    "V/5JExuSTcrvFZuWrDD+J1+RsacFxgbhN8UX4OTOQiYgmxJuMJ3KfC6nD9R24RDGeCQhQm"
    "P15pQ3COCo4V5wUJXcXm76Ku2W3emdKtJaxBuUXQKnhNUiuMqLYNkWywyMC4mNhsU99Qif"
    "rCekF8M9PBoykrV7TeSWEt+nzAMVfrxkpnGiOY7xSKdN5FoQhAo+aecevlj8bWQQqHd3mw"
    "OP04pitlUXZGAHLp1tOCWonLuKvLcK0u0mx100wS0AW+/UuKmvdYPEuIZL5xtmKPUZj12o"
    "qUaNuVxi0vX4owKyfA5pgOhqHunECIquJJOOYPpgeS6mnxQzBZkDU4Q64Z7ekgQKVTbCja"
    "Q1YSnAWxKxTCbGHU42pPkyPVnZxQ1UaNORhjapdFoqndbuo9iqOY5vOJlX2bQyWu0usmnB"
    "m9MMT/2yBB++wB4pVLuyzO9hc1l/MrDuIBARr/QokE09+9oa9HyK2kCS1uLUszEbfu5eXw"
    "speVCN3lzOycp8FQuJ2n0W2+fbrpdZSCUVKhuqPKecwxKsjE8qIlIHhPft3pn5a6WicAfl"
    "FdZrbR6uAvdqFcJVJHBP2HtKLbMWEsplstyw78dkb2h+jsSAHyeoK03QixZVpbD8FkxBH9"
    "FilGFTDa81lhlUtWipQrZUzZtijikAy2ySp5lFpsZUOmRdC0kZ+sy3fkreBjI2sm2m61a0"
    "l6B7ZTHdl8WUW56TxYspGN4VSh9THN7vQ2Etlf/H7HrQ/9K9wOvBkVoTV2J02Hnmb+/2f6"
    "nuSpRKwJyUqyHY2zdBBKCVZIrEpJTNPo5p9OYpUPPXwAmxWjTffa+FDRuXUJiTqEzPEZeq"
    "gw1i1320sjnkQ19fmwNMZCyn5FARlVEDhSK+KnpmtWw4peiZ4mPeAqb1ZmZGu7zSpMxdWs"
    "a+0tuZZT1cUNN4pE6mgSxZpLHMTvYkC+MbLkoXspcxyzV0ygNaIMUQBeJXR4LqRFZ3HtIH"
    "w922tUUJeHp/T/GUJW27txgzjlncNdMvgxnbDU5E0JXm38R6IjZ1gkpeibztRDZeIqJniT"
    "Elc5Gu3aFB/WMG09I5ZrfP39Q7uh+rDMPN3K175W7cclusP3Hn7nCHrAAaZQ2srjVQ7edb"
    "i/18w083U405ZI+ITJVVVyWqWUX2Td5T9CGOdcG45UbGPQ03C7m1PPcX0sPhyWIw6qDVDo"
    "ZBf/CBQSzbC7VhfYfYC3UxiqWUvdwgkRBVFoljskhwWHZorufQyaNmZk5SLMukGssxY6el"
    "E+q/BfEj1PiyGUi/fxlT7odu0q56c/WhA1+g0CoUMtzYNOWIt2gddNqd7pfyOSgDOZGwVR"
    "wJ92S7MxziyfAwTesddP7ZaY+kpDyqhhPT1p5NS8v4XvJj8iMiRxCUv41PRSWlOXp/UJgA"
    "cI2JQVJWJRmpcpKRg9nSj0enx2JKryaix7pLUQvQdi+teyNzo6LI1cZSSiSWm5hhwUJWXh"
    "3NnMw1oISI8MY6CE66OQaBi8DvheU12FgiIDbKZDaYehDWmbaFuQ5yFqvbvgvuLvrtm61x"
    "/mQB+jONz759Q2uvRrhpPRGumbjoxfPkVG7uiQvlQODVGfn2TYatw8jh0rntcpCH+2G1pq"
    "U/wAXcg9SEs+7MsVzXpOTeg7EG3gqFA+PDA33GG4u3uzPkLp9EGihiS3ShljF70tAmzT14"
    "NnzhU7HfqUBDvprYBxUbFa7dqTBuc7ypxfxH1sWDSpO45JwGNYwZ14ypXP9nPcWpzCxEp4"
    "YEFyrHenmD2A69ow6FfoG/OkMABLmWTvw7wwcjscVKhVnBpix4LNyQyo2YI+4A0ya+BJbX"
    "HqivXW3MRAmH/gAg/8CfNDvc01U8PRfNQeyqyjARmkiXpGuMWYCHBTWIm8Ldd5FmQO1UpX"
    "aqUqYetVOV0vo6O1V5nDoT8SOl9HwbfkxoO/alw3ohd8zmi011ygCdElQuqmIuqsgMrwze"
    "CbEaor39xp2YiafhXpGaPyap8p6nkspH1jNlB+akrLKwVWckTk/AxC4AtmWaa03C0tJK21"
    "XWtjT4+Ov4MmNUSrAOfotdU4OE7aWMNy4UUPtGbN1FJ7c7Keuni0vVodHv21mXsgyWMaZl"
    "Ciu3TnLZUYF9n6u1tt6ivyzfvxPhzMj2uWGyZeG1GcqqjnDJl+dRy8i2nNV209j1GR1Z8K"
    "egH7Idq+oYm+tKZ2Tqgy3gktzczRg0yTxHY6TJrnI18kjRlc5GUH3g95NiDXJneWxKbqWD"
    "TLjqLMwnzYlrwKLTld4x/xhOU/MOvUrSm8ddy6FZO/Ls6D7S4WiwO9O4n7nfvonpm3SJwX"
    "LpHko6FNoenptp0OymmFobfVmiBPou/XR1wqmJXq1nuJvG+BOF+n/Byv0tc6Burj3LqgMn"
    "GzyOrXnoexRuwztYo1lPP3g2ebKch8LJZeKfpx9pohxlylFWzSHoSF0mylH2ErVexFEmh5"
    "jSHpyEmHKWrfQnHB3rvX/d6ZUct4RMk+DfMYOVuqC5y/9j1vrQ6l1AI4ZT4WGS+Z6cOR2G"
    "5S5MMpxStq69OiJbw97weHu/9KBnO5ZrgfbWsVhnydbBfrfrzytYsJSxW0dlqmG6xvvVxn"
    "RNv+uwQrynZdzcMRnl4E46uINldAlEoyIK0CSgauvflzMsK1fagfYEsJgL8JYZmSMi1RiY"
    "a+VT1k1rvSjEmKDq7Krc2VXTu1pdBZdwXIsIp9LbCi5kFKDLAzzDwL4NIzzj4YTHiexK32"
    "q0Ya3OmbjMb10a380810eC7zq+672F0177udQG0iN7kuHqThZpLPN2B7nZJk6kdCGHty8g"
    "nLYaCeohLgZuyhUoJya0DkfGuqJPWp6W8Y+Gi+7qMOox5efeXvXSve3XFwS1cj8zYjPmOI"
    "8G6IrdoS0bWzjOC/Emfg4SEd2p8QeRl9F9MnS5x7RwaoMq4EA4s6GZ88VJ6JicZ4xzteFm"
    "VD5CGOTKYOZLAkMImVqUN/GZOWVTEaQbwgFP5EDNDgDz7RumvLrDtznV7gAIjD722ANMD1"
    "iw93WTmJhuUlYgdr/2bHL7LAOBrQfPntxa02cZHUz8IFaoeK65+sxH6pbCu6Fn/xmqwAd6"
    "1YAS2tSyXXFnMvVs09BBE5iqksJzR+4m2QnwppbnoDLMZ39bbV1zMF1X/F6v8OVQU3dwp5"
    "msHXokkwbxvFA5etBkUK7nOMiEwKBdfHr5cEL5IpwYrnPLWQT3woAkgoPl/t82fl3Er0zD"
    "+GIbWg8JkmyGNilsFHgHn6ywER1BHtz7GTD9zYsUR0FxFCo6Xh6pt1pxFF6i1otwFA60Z+"
    "HxmDxKrIjDiVEZT2dMSEWPFgqNFjPONSKj43IK7AJgR5YIZbBOiCkOU/04TP+66dyUz9sp"
    "pTAhOP4fs2GnN2oS/Dtmrd7wa2cgSEz+UTp752V/COXxb3KFfBjChVy9pNSW64cOyysndN"
    "IJLYwApTr0QGCPrR4X1Ltaze26rQadMto3yvh+k3K1GDj37f6N2JbKYJ8QU4738siH1rQy"
    "fUtMqA6o73z+slaIsIoNXhobLOy1ZZrtQqJ+bXYnu1Sg0bsMMzMsr+ZvKVZm+XROKo/TMk"
    "ChY8DnKzVTCyTq8Pnve6KAq2iPA5zTkiu6qNRazbhiwG+7IfsQ+RHRZRp0WlI17PIN+0lz"
    "MNVyqWxGUZlqkE9rFRXCMaFCeVdbREwRT6vjVkt7U4N4kzV0nBBVeq6ynhXBeF98WEXa3D"
    "tps1AQY5kkWQENs+NXVyPwMxJlbZ/hGuK2hOIaxbYAx5VGi5ciufp5j1xrsSeJz0z1MyQJ"
    "eqcgIkr6I7cBNCrpqjryPxGcpBtvB7cYs9MYu9EnwYqdwfH0q13sMaK24sZr+9iKW1met2"
    "955vSvMiYQWVpZ8JRLW7m0K/np78SsFAy3a6CfEFRGvTXiyRVLv2Z87SIsfWVXehl2pWCA"
    "KsnNj0kpi9Jyi1IkvHNDc1JGeOlxArzSphRvYVWKAh5QeHjdMA1hgxqI7VVPMuwkmeUay2"
    "wlTkxi4ixECtlLZAypweXmqVokoPYfnNxa1gOXe6aKiExTc+8sZ/4P3iBzbUoxizWaKgad"
    "dr/X7l52MAQ3Ozh4+7eRQcLcm8815znchVbu/uoxV5hdtLk4hDtODXhzasOHgkGsUOGDgd"
    "d904xpsAc6JbrHXWtOHT5mTzOL+3vL3momfl8c6ri7ow455ZSS5py6s+Y3Hb7FM/7M9LNA"
    "DfSsHb7qWfB0RW04f4QbZ0dmQSrgdB/WBRVwqqayKuC0zlrPmNlWJeC0WobzLRlpBTkq27"
    "xYLGbMy6L37NLWOLjp9bq9X0sOT4FYk/gHY9buX11fdkYiCXZwWM2M17b2PMcN75cl18wN"
    "WE1ILuvqjrCbWwI1dlXp5u6sN17EJZXhozrDQ3pWcGcwg8/WUnNCVOm5ynr2F25pHedTUi"
    "Mi1WCk1iodaumUwCob8GbZgBVvcDfTYjTwlAQ1IqLgXG40D8xnG1rMP/rVHCekK83kkQal"
    "0pFWmtkaM1un8S/Dbr0Iq3quEfY7JbZGIcvw1SQQzXfRTBMFCzlmpLeBYmpUjUivjszO2R"
    "SpU9F/0SC3ljvzU3dy4c141EyP8kbo2bgzvmc7ZLZbfRHXxsIzhZWXdGsowipe2wdhVSgn"
    "hX8xq10gW2XC2smoP2pdTq66w6vWqP2pSeK/x+xD67LVa3ciJZJnxgzWl6ObYaRI4sSYtW"
    "8Gg06v/XukTOrUmH3pdy86F5NB56o/6lz+3iSJE2N20RHWw0iR5Jkxw7ftXl33B8LiGP01"
    "ZrIU3nIobZSx32N23fr9qtMbBScml/126xJvk3MhLbF4srwr65g6354XMHW+Pc81deKlRA"
    "aAnElMsaa9kK50476+ubyc+HoYgkaiP0F1N8NPsauRn/7Vm2s0wPjX5I8xk82pSeT/MfvU"
    "xbxon/ze5fBWbECZmtmazR4yQoEqK3NNHvP5+/cF8IVSuQCLa8kEUbpmlt5PYyGjQhiS7O"
    "S55dJMQJflrYwI1cGutYcUOrIRinlrqQ4iLlY/sHeRjFW0ztJQJ+UU1quxlnsp6KWSxkVl"
    "6ofx2yLTxfzZYmqyKJiDGT4+qhtzzczhsIdCSQ+QlDrzpXfmBXp9AHfPRafdvWpdnr5515"
    "Czcf6XaUhTV4D7u9dJeGdGFrj53pygfB3arQrFqYwqjpTJVoS/KK1tpSM0IkLK17QqQCOw"
    "Z27oFMnj/B8nyAWCNCKNrEoxGi3qGPrsJMPS719pLDPya4syq+z7+ZBuOc3DSzGZbxgSn2"
    "8M97cxKzPNjogo41Ix4xJ+VCUQ9ovXEN03r18XsYC8fp1vAXmdmmuLfbqzptsrtvbOXsns"
    "nst2mHnA1lhrqRnDPgezv/8f34XkZQ=="
)
