"""Name-list entities: Customer, Item, Account, and the read-only CompanyInfo."""

from __future__ import annotations

from . import currency, errors, rules
from .context import USD, BuildContext, writable
from .jsonutil import JSON, text
from .ledger import customer_balance

NAME_PARTS = ("Title", "GivenName", "MiddleName", "FamilyName", "Suffix")
ITEM_TYPES_NEEDING_INCOME = frozenset({"Service", "NonInventory", "Inventory"})
ACCOUNT_CLASSIFICATION = {
    "Bank": "Asset",
    "Other Current Asset": "Asset",
    "Fixed Asset": "Asset",
    "Other Asset": "Asset",
    "Accounts Receivable": "Asset",
    "Equity": "Equity",
    "Expense": "Expense",
    "Other Expense": "Expense",
    "Cost of Goods Sold": "Expense",
    "Accounts Payable": "Liability",
    "Credit Card": "Liability",
    "Long Term Liability": "Liability",
    "Other Current Liability": "Liability",
    "Income": "Revenue",
    "Other Income": "Revenue",
}


def _derived_display_name(source: JSON) -> str | None:
    parts = [p for p in (text(source.get(k)) for k in NAME_PARTS) if p]
    return " ".join(parts) or None


def build_customer(ctx: BuildContext, source: JSON) -> JSON:
    """Validate and complete a Customer."""
    rules.check_field_limits(source)
    name = text(source.get("DisplayName")) or _derived_display_name(source)
    if not name:
        raise errors.required_missing("DisplayName")
    rules.check_display_name(name)
    # Intuit also checks Vendor and Employee names; the simulator only stores customers.
    rules.check_unique_name(
        ctx.realm,
        ("Customer",),
        "DisplayName",
        name,
        ctx.entity_id,
        ctx.settings.case_insensitive_names,
    )
    out: JSON = {
        "Taxable": True,
        "Job": False,
        "BillWithParent": False,
        "CurrencyRef": USD,
        "PreferredDeliveryMethod": "Print",
        "PrintOnCheckName": name,
        "Active": True,
        "DefaultTaxCodeRef": {"value": "2"},
    }
    out.update(writable(source))
    currency.customer_currency(ctx, source, out)
    balance = customer_balance(ctx.realm, ctx.entity_id)
    out.update(DisplayName=name, FullyQualifiedName=name, Balance=balance, BalanceWithJobs=balance)
    return out


def build_item(ctx: BuildContext, source: JSON) -> JSON:
    """Validate and complete an Item; Service items need an income account."""
    name = text(source.get("Name"))
    if not name:
        raise errors.required_missing("Name")
    rules.check_length("Name", name, 100)
    rules.check_length("Description", source.get("Description"), 4000)
    rules.check_unique_name(
        ctx.realm, ("Item",), "Name", name, ctx.entity_id, ctx.settings.case_insensitive_names
    )
    item_type = text(source.get("Type")) or "Service"
    out: JSON = {
        "Active": True,
        "Taxable": False,
        "UnitPrice": 0,
        "PurchaseCost": 0,
        "TrackQtyOnHand": False,
    }
    out.update(writable(source))
    if item_type in ITEM_TYPES_NEEDING_INCOME:
        out["IncomeAccountRef"] = rules.require_ref(
            ctx.realm, source, "IncomeAccountRef", "Account"
        )
    out.update(Name=name, FullyQualifiedName=name, Type=item_type)
    return out


def build_account(ctx: BuildContext, source: JSON) -> JSON:
    """Validate and complete an Account."""
    name = text(source.get("Name"))
    if not name:
        raise errors.required_missing("Name")
    rules.check_length("Name", name, 100)
    rules.check_unique_name(
        ctx.realm, ("Account",), "Name", name, ctx.entity_id, ctx.settings.case_insensitive_names
    )
    account_type = text(source.get("AccountType"))
    if not account_type:
        raise errors.required_missing("AccountType")
    out: JSON = {
        "SubAccount": False,
        "Active": True,
        "AccountSubType": account_type.replace(" ", ""),
        "CurrencyRef": USD,
    }
    out.update(writable(source))
    out.update(
        Name=name,
        FullyQualifiedName=name,
        AccountType=account_type,
        Classification=ACCOUNT_CLASSIFICATION.get(account_type, "Asset"),
        CurrentBalance=0,
        CurrentBalanceWithSubAccounts=0,
    )
    return out


def company_info(realm_id: str, name: str) -> JSON:
    """The CompanyInfo body of a new company (without Id/SyncToken/MetaData)."""
    address: JSON = {"Line1": "2600 Marine Way", "City": "Mountain View", "PostalCode": "94043"}
    return {
        "CompanyName": name,
        "LegalName": name,
        "CompanyAddr": address,
        "CustomerCommunicationAddr": address,
        "LegalAddr": address,
        "PrimaryPhone": {},
        "CompanyStartDate": "2026-01-01",
        "FiscalYearStartMonth": "January",
        "Country": "US",
        "Email": {"Address": f"owner+{realm_id}@example.invalid"},
        "WebAddr": {},
        "SupportedLanguages": "en",
        "NameValue": [],
    }
