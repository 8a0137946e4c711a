"""The element order QuickBooks' qbXML parser enforces, for the requests the simulator knows.

Each table lists, in schema order (qbxml120.xsd), the children an element may have; a child
out of order or unknown makes QuickBooks refuse the whole message set with the parse-error
hresult 0x80040400, and so does the simulator. The tables are written from the schema
independently of the request builders, so a builder that drifts from the schema is caught.
"""

from __future__ import annotations

from ..qbxml import Element, tag_of

_ADDRESS = (
    "Addr1",
    "Addr2",
    "Addr3",
    "Addr4",
    "Addr5",
    "City",
    "State",
    "PostalCode",
    "Country",
    "Note",
)
_REF = ("ListID", "FullName")
_TXN_FILTER = (
    "MaxReturned",
    "ModifiedDateRangeFilter",
    "TxnDateRangeFilter",
    "EntityFilter",
    "AccountFilter",
    "RefNumberFilter",
    "RefNumberRangeFilter",
    "CurrencyFilter",
)
_LIST_FILTER = (
    "MaxReturned",
    "ActiveStatus",
    "FromModifiedDate",
    "ToModifiedDate",
    "NameFilter",
    "NameRangeFilter",
)
_CUSTOMER_FIELDS = (
    "Name",
    "IsActive",
    "ClassRef",
    "ParentRef",
    "CompanyName",
    "Salutation",
    "FirstName",
    "MiddleName",
    "LastName",
    "Suffix",
    "JobTitle",
    "BillAddress",
    "ShipAddress",
    "PrintAs",
    "Phone",
    "Mobile",
    "Pager",
    "AltPhone",
    "Fax",
    "Email",
    "Cc",
    "Contact",
    "AltContact",
)
_LINE_CORE = (
    "ItemRef",
    "Desc",
    "Quantity",
    "UnitOfMeasure",
    "Rate",
    "RatePercent",
    "PriceLevelRef",
    "ClassRef",
    "Amount",
)
_DOC_HEADER = (
    "CustomerRef",
    "ClassRef",
    "ARAccountRef",
    "TemplateRef",
    "TxnDate",
    "RefNumber",
    "BillAddress",
    "ShipAddress",
    "IsPending",
    "IsActive",
    "IsFinanceCharge",
    "PONumber",
    "TermsRef",
    "DueDate",
    "SalesRepRef",
    "FOB",
    "ShipDate",
    "ShipMethodRef",
    "ItemSalesTaxRef",
    "Memo",
    "CustomerMsgRef",
    "IsToBePrinted",
    "IsToBeEmailed",
    "IsTaxIncluded",
    "CustomerSalesTaxCodeRef",
    "Other",
    "ExchangeRate",
)

ORDER: dict[str, tuple[str, ...]] = {
    "CustomerQueryRq": (
        "ListID",
        "FullName",
        *_LIST_FILTER,
        "TotalBalanceFilter",
        "CurrencyFilter",
        "ClassFilter",
        "IncludeRetElement",
        "OwnerID",
    ),
    "ItemServiceQueryRq": (
        "ListID",
        "FullName",
        *_LIST_FILTER,
        "ClassFilter",
        "IncludeRetElement",
        "OwnerID",
    ),
    "AccountQueryRq": (
        "ListID",
        "FullName",
        *_LIST_FILTER,
        "AccountType",
        "CurrencyFilter",
        "IncludeRetElement",
        "OwnerID",
    ),
    "ItemQueryRq": ("ListID", "FullName", *_LIST_FILTER, "IncludeRetElement", "OwnerID"),
    "PaymentMethodQueryRq": (
        "ListID",
        "FullName",
        *_LIST_FILTER,
        "PaymentMethodType",
        "IncludeRetElement",
    ),
    "InvoiceQueryRq": (
        "TxnID",
        "RefNumber",
        "RefNumberCaseSensitive",
        *_TXN_FILTER,
        "PaidStatus",
        "IncludeLineItems",
        "IncludeLinkedTxns",
        "IncludeRetElement",
        "OwnerID",
    ),
    "EstimateQueryRq": (
        "TxnID",
        "RefNumber",
        "RefNumberCaseSensitive",
        *_TXN_FILTER,
        "IncludeLineItems",
        "IncludeLinkedTxns",
        "IncludeRetElement",
        "OwnerID",
    ),
    "ReceivePaymentQueryRq": (
        "TxnID",
        "RefNumber",
        "RefNumberCaseSensitive",
        *_TXN_FILTER,
        "IncludeLineItems",
        "IncludeRetElement",
        "OwnerID",
    ),
    "ModifiedDateRangeFilter": ("FromModifiedDate", "ToModifiedDate"),
    "TxnDateRangeFilter": ("FromTxnDate", "ToTxnDate"),
    "NameFilter": ("MatchCriterion", "Name"),
    "RefNumberFilter": ("MatchCriterion", "RefNumber"),
    "EntityFilter": ("ListID", "FullName", "ListIDWithChildren", "FullNameWithChildren"),
    "CustomerAddRq": ("CustomerAdd", "IncludeRetElement"),
    "CustomerModRq": ("CustomerMod", "IncludeRetElement"),
    "CustomerAdd": (
        *_CUSTOMER_FIELDS,
        "Notes",
        "ExternalGUID",
        "TaxRegistrationNumber",
        "CurrencyRef",
    ),
    "CustomerMod": (
        "ListID",
        "EditSequence",
        *_CUSTOMER_FIELDS,
        "Notes",
        "TaxRegistrationNumber",
        "CurrencyRef",
    ),
    "BillAddress": _ADDRESS,
    "ItemServiceAddRq": ("ItemServiceAdd", "IncludeRetElement"),
    "ItemServiceAdd": (
        "Name",
        "BarCode",
        "IsActive",
        "ClassRef",
        "ParentRef",
        "UnitOfMeasureSetRef",
        "IsTaxIncluded",
        "SalesTaxCodeRef",
        "SalesOrPurchase",
        "SalesAndPurchase",
        "ExternalGUID",
    ),
    "SalesOrPurchase": ("Desc", "Price", "PricePercent", "AccountRef"),
    "InvoiceAddRq": ("InvoiceAdd", "IncludeRetElement"),
    "InvoiceModRq": ("InvoiceMod", "IncludeRetElement"),
    "EstimateAddRq": ("EstimateAdd", "IncludeRetElement"),
    "EstimateModRq": ("EstimateMod", "IncludeRetElement"),
    "InvoiceAdd": (
        *_DOC_HEADER,
        "ExternalGUID",
        "LinkToTxnID",
        "SetCredit",
        "InvoiceLineAdd",
        "DiscountLineAdd",
        "SalesTaxLineAdd",
        "ShippingLineAdd",
    ),
    "InvoiceMod": ("TxnID", "EditSequence", *_DOC_HEADER, "SetCredit", "InvoiceLineMod"),
    "EstimateAdd": (*_DOC_HEADER, "ExternalGUID", "EstimateLineAdd"),
    "EstimateMod": ("TxnID", "EditSequence", *_DOC_HEADER, "EstimateLineMod"),
    "InvoiceLineAdd": _LINE_CORE,
    "EstimateLineAdd": _LINE_CORE,
    "InvoiceLineMod": ("TxnLineID", *_LINE_CORE),
    "EstimateLineMod": ("TxnLineID", *_LINE_CORE),
    "ReceivePaymentAddRq": ("ReceivePaymentAdd", "IncludeRetElement"),
    "ReceivePaymentAdd": (
        "CustomerRef",
        "ARAccountRef",
        "TxnDate",
        "RefNumber",
        "TotalAmount",
        "ExchangeRate",
        "PaymentMethodRef",
        "Memo",
        "DepositToAccountRef",
        "CreditCardTxnInfo",
        "ExternalGUID",
        "IsAutoApply",
        "AppliedToTxnAdd",
    ),
    "AppliedToTxnAdd": (
        "TxnID",
        "PaymentAmount",
        "TxnLineDetail",
        "SetCredit",
        "DiscountAmount",
        "DiscountAccountRef",
        "DiscountClassRef",
    ),
    "TxnVoidRq": ("TxnVoidType", "TxnID"),
    "TxnDelRq": ("TxnDelType", "TxnID"),
    "HostQueryRq": ("IncludeListMetaData", "IncludeRetElement"),
    "CompanyQueryRq": ("IncludeRetElement", "OwnerID"),
    "PreferencesQueryRq": ("IncludeRetElement",),
    "CustomerRef": _REF,
    "ItemRef": _REF,
    "AccountRef": _REF,
    "PaymentMethodRef": _REF,
    "DepositToAccountRef": _REF,
    "CurrencyRef": _REF,
}


def order_error(node: Element) -> str | None:
    """Why ``node`` (or an element under it) breaks the schema order, or None."""
    allowed = ORDER.get(tag_of(node))
    if allowed is None:
        return None
    position = 0
    for child in node:
        tag = tag_of(child)
        if not tag:
            continue
        if tag not in allowed:
            return f"{tag} is not allowed in {tag_of(node)}"
        index = allowed.index(tag)
        if index < position:
            return f"{tag} is out of order in {tag_of(node)}"
        position = index
        nested = order_error(child)
        if nested is not None:
            return nested
    return None
