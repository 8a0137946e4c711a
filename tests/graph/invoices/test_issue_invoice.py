"""The issueInvoice mutation."""

from __future__ import annotations

from core.models import Activity, Invoice, InvoiceLine
from core.models.enums import DocType, InvoiceStatus

ISSUE = """
mutation Issue($id: ID!) {
  issueInvoice(id: $id) {
    __typename
    ... on IssueInvoiceSuccess { invoice { status issuedAt docType } }
    ... on UserError { message code field }
  }
}
"""


async def test_issue_invoice_draft_becomes_sent_with_issued_at(gql, books, to_gid):
    invoice = await books.invoice(await books.customer(), number="1042", status=InvoiceStatus.DRAFT)
    data = await gql.data(ISSUE, {"id": to_gid("Invoice", invoice.id)})
    issued = data["issueInvoice"]["invoice"]
    assert issued["status"] == "SENT"
    assert issued["issuedAt"] is not None
    activity = await Activity.get(action="invoice.issued")
    assert activity.description.startswith("Invoice 1042 issued by ")


async def test_issue_invoice_estimate_can_be_issued(gql, books, to_gid):
    estimate = await books.invoice(
        await books.customer(), number="7", status=InvoiceStatus.DRAFT, doc_type=DocType.ESTIMATE
    )
    data = await gql.data(ISSUE, {"id": to_gid("Invoice", estimate.id)})
    assert data["issueInvoice"]["invoice"] == {
        "status": "SENT",
        "issuedAt": data["issueInvoice"]["invoice"]["issuedAt"],
        "docType": "ESTIMATE",
    }


async def test_issue_invoice_not_draft_is_invalid_state(gql, books, to_gid):
    invoice = await books.invoice(await books.customer(), number="1042", status=InvoiceStatus.SENT)
    data = await gql.data(ISSUE, {"id": to_gid("Invoice", invoice.id)})
    assert data["issueInvoice"]["code"] == "INVALID_STATE"


async def test_issue_invoice_without_lines_or_zero_total_is_invalid_state(gql, books, to_gid):
    customer = await books.customer()
    empty = await books.invoice(customer, number="1", status=InvoiceStatus.DRAFT)
    await InvoiceLine.filter(invoice_id=empty.id).delete()
    zero = await books.invoice(
        customer, number="2", status=InvoiceStatus.DRAFT, lines=(("1", "0.00", "0"),)
    )
    for invoice, words in ((empty, "no lines"), (zero, "totals zero")):
        data = await gql.data(ISSUE, {"id": to_gid("Invoice", invoice.id)})
        assert data["issueInvoice"]["code"] == "INVALID_STATE"
        assert words in data["issueInvoice"]["message"]
        assert (await Invoice.get(id=invoice.id)).status == InvoiceStatus.DRAFT


async def test_issue_invoice_of_other_firm_is_not_found(gql, books, firm_b, to_gid):
    _client_b, books_b = firm_b
    foreign = await books_b.invoice(
        await books_b.customer(), number="1", status=InvoiceStatus.DRAFT
    )
    data = await gql.data(ISSUE, {"id": to_gid("Invoice", foreign.id)})
    assert data["issueInvoice"]["code"] == "NOT_FOUND"
    assert (await Invoice.get(id=foreign.id)).status == InvoiceStatus.DRAFT


async def test_issue_invoice_without_token_is_unauthenticated(client):
    response = await client.post("/graphql", json={"query": ISSUE, "variables": {"id": "x"}})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
