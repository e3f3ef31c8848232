"""Query fields of vendor reviews."""

from typing import Annotated

import strawberry
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.inputs import OrderDirection
from app.api.relay import Connection, page_request
from app.api.reviews.inputs import ReviewFilter, ReviewOrder
from app.api.reviews.types import Review, ReviewCounts, ReviewStatusCount
from domain.reviews import service
from domain.reviews.models import ReviewStatus
from domain.reviews.queries import ReviewCounts as ReviewCountsOf
from domain.reviews.queries import ReviewFilter as Criteria


@strawberry.type
class ReviewQuery:
    @strawberry.field(description="One review; null if it is not there (or not yours).")
    async def review(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> Review | None:
        return await Review.by_global_id(info, id)

    @strawberry.field(
        description="The tenant's vendor reviews: filtered (the overdue queue is "
        "`{overdue: true}`), ordered (soonest due first unless orderBy says otherwise), paged."
    )
    async def reviews(
        self,
        info: Info,
        filter: ReviewFilter | None = None,
        order_by: ReviewOrder | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Review]:
        criteria = (filter or ReviewFilter()).criteria()
        field = order_by.field.value if order_by else None
        descending = bool(order_by and order_by.direction == OrderDirection.DESC)
        order = f"reviews:{field or 'DUE_DATE'}:{int(descending)}"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        return await json_pages.list_page(  # type: ignore[no-any-return]
            info,
            order,
            lambda shape: service.list_reviews(
                info.context.session,
                info.context.actor,
                criteria,
                request,
                field,
                descending,
                shape=shape,
                count=False,
            ),
            lambda page: Connection[Review].from_page(page, Review.from_row, order),
            counts=lambda: _counts(info, criteria),
        )

    @strawberry.field(
        description="How many reviews match the filter, by status and overdue: a dashboard's "
        "figures in one field."
    )
    async def review_counts(self, info: Info, filter: ReviewFilter | None = None) -> ReviewCounts:
        counts = await _counts(info, (filter or ReviewFilter()).criteria())
        return ReviewCounts(
            total=counts.total,
            overdue=counts.overdue,
            by_status=[
                ReviewStatusCount(status=s, count=counts.by_status.get(s.value, 0))
                for s in ReviewStatus
            ],
        )


async def _counts(info: Info, criteria: Criteria) -> ReviewCountsOf:
    """The counts of the tenant's reviews `criteria` match, read once a request: for the
    reviewCounts a queue shows and for its page's totalCount alike."""
    context = info.context
    return await context.loaders.once(  # type: ignore[no-any-return]
        ("review counts", repr(criteria)),
        lambda: service.count_reviews(context.session, context.actor, criteria),
    )
