"""Platform points, exchange between merchants, settlement, webhooks and lotteries."""

from __future__ import annotations

DESCRIPTIONS = {
    "ExchangeErrorCode.PLATFORM_NOT_CONFIGURED": "The platform currency is not set up yet, so "
    "nothing can be exchanged. An operator must set it first.",
    "ExchangeErrorCode.TENANT_NOT_FOUND": "No merchant has this id. Check the id.",
    "ExchangeErrorCode.CURRENCY_NOT_ELIGIBLE": "The merchant's points are valued in another fiat "
    "currency than the platform's; only currencies valued in the platform's fiat can join.",
    "ExchangeErrorCode.CODE_TAKEN": "Another listed currency already uses this code. Pick "
    "another code.",
    "ExchangeErrorCode.UNKNOWN_CURRENCY": "No listed currency has this code. Use a code from "
    "`exchangeCurrencies`.",
    "ExchangeErrorCode.NO_RATE": "The currency has no exchange rate in force yet. Try again once "
    "the operator has set one.",
    "ExchangeErrorCode.IDENTITY_NOT_VERIFIED": "The merchant has not verified the contact the "
    "wallet would link by. Verify the member's phone or email first.",
    "ExchangeErrorCode.ALREADY_LINKED": "The member already has a platform wallet. Use it.",
    "ExchangeErrorCode.NOT_LINKED": "The member has no platform wallet yet. Link one "
    "(`linkPlatformWallet`) first.",
    "ExchangeErrorCode.WALLET_NOT_EMPTY": "The platform wallet still holds points. Spend or "
    "exchange them before unlinking.",
    "ExchangeErrorCode.EXCHANGE_DISABLED": "The merchant does not take part in exchange in this "
    "direction now (`message` names the side). Hide the option.",
    "ExchangeErrorCode.SAME_CURRENCY": "From and to are the same currency. Pick two different "
    "ones.",
    "ExchangeErrorCode.AMOUNT_TOO_SMALL": "At the current rate the amount buys less than one "
    "point. Exchange more.",
    "ExchangeErrorCode.DAILY_CAP_REACHED": "The member's exchanges today would pass the "
    "merchant's daily cap (`message` says it). Exchange less, or tomorrow.",
    "ExchangeErrorCode.QUOTE_NOT_FOUND": "No quote of this member has this id. Ask for a new "
    "quote.",
    "ExchangeErrorCode.QUOTE_EXPIRED": "The quote's rate lock ran out. Ask for a new quote and "
    "show its amounts again.",
    "ExchangeErrorCode.QUOTE_ALREADY_EXECUTED": "This quote was executed already (by another "
    "request). Read the outcome; a new exchange needs a new quote.",
    "IdentityKind.PHONE": "By the member's verified phone number.",
    "IdentityKind.EMAIL": "By the member's verified email.",
    "Query.exchangeRates(code)": "The currency's platform-wide code.",
    "PlatformCurrency.code": "The platform currency's code (PLAT).",
    "ExchangeCurrency.code": "The currency's platform-wide code.",
    "ExchangeCurrency.rate": "The rate in force now; null before the first one.",
    "ExchangeRate.version": "1 for the currency's first rate, then one more for each change.",
    "ExchangeRate.effectiveFrom": "When this rate took (or takes) effect.",
    "PlatformTreasury.posted": "Platform points the treasury holds.",
    "PlatformTreasury.available": "What it can issue now: posted minus holds.",
    "ExchangeSettings.exchangeIn": "Members may exchange platform or other merchants' points "
    "into this merchant's.",
    "ExchangeSettings.exchangeOut": "Members may exchange this merchant's points out.",
    "PurchasePlatformPointsInput.amount": "How many platform points to buy for the treasury.",
    "SetExchangeRateInput.tenantId": "The merchant whose currency is rated.",
    "SetExchangeRateInput.spreadBps": "The platform's spread in basis points (0-10,000), taken "
    "on each exchange.",
    "UpdateExchangeSettingsInput.exchangeIn": "Let members exchange points into yours.",
    "UpdateExchangeSettingsInput.exchangeOut": "Let members exchange your points out.",
    "UpdateExchangeSettingsInput.memberDailyCap": "The most of your points one member may "
    "exchange out a day; null: no cap.",
    "LinkPlatformWalletInput.via": "Which verified contact identifies the member's platform "
    "wallet (the same person across merchants).",
    "ExchangeQuote.fromCurrency": "The code of the currency given.",
    "ExchangeQuote.toCurrency": "The code of the currency received.",
    "ExchangeQuote.amountIn": "Points given.",
    "ExchangeQuote.valueIn": "What the points given are worth in fiat.",
    "ExchangeQuote.valueOut": "What the points received are worth in fiat.",
    "ExchangeQuote.expiresAt": "Execute before this or ask for a new quote.",
    "ExchangeQuote.executedAt": "When it was executed; null while open.",
    "QuoteExchangeInput.toCurrency": "The code of the currency to receive.",
    "QuoteExchangeInput.amount": "Points to give, 1 or more.",
    "ExecuteExchangeInput.quoteId": "The open quote to execute at its locked rate.",
    "Query.settlementBatch(id)": "The batch's id.",
    "SettlementBatch.until": "The batch settles obligations that arose before this time.",
    "SettlementBatch.status": "DRAFT (can be reviewed) or APPROVED (immutable, to be paid).",
    "SettlementBatch.approvedAt": "When it was approved; null while a draft.",
    "SettlementLine.tenantId": "The merchant this line settles.",
    "SettlementLine.paymentReference": "The bank or payment reference it was paid with; null "
    "until paid.",
    "SettlementLine.paidAt": "When it was marked paid; null until then.",
    "SettlementStatement.batchId": "The batch this statement belongs to.",
    "SettlementStatement.until": "The batch's cut-off.",
    "SettlementStatement.batchStatus": "DRAFT or APPROVED.",
    "SettlementStatement.line": "The merchant's line in the batch: what it owes or is owed.",
    "SettlementStatement.kinds": "The line's obligations by kind.",
    "StatementKind.amount": "Their sum.",
    "StatementKind.count": "How many obligations of this kind.",
    "ApproveSettlementBatchInput.batchId": "The DRAFT batch to approve.",
    "MarkSettlementLinePaidInput.lineId": "The line of an approved batch that was paid.",
    "MarkSettlementLinePaidInput.paymentReference": "The bank or payment reference, 1-200 "
    "characters.",
    "SettlementErrorCode.BATCH_NOT_FOUND": "No batch has this id. Check the id.",
    "SettlementErrorCode.LINE_NOT_FOUND": "No settlement line has this id. Check the id.",
    "SettlementErrorCode.NOTHING_TO_SETTLE": "No unsettled obligations arose before the cut-off; "
    "no batch was made.",
    "WebhookErrorCode": "Why a webhook mutation was refused.",
    "WebhookErrorCode.ENDPOINT_NOT_FOUND": "No endpoint of your tenant has this id. Check the id.",
    "WebhookErrorCode.DELIVERY_NOT_FOUND": "No delivery of your tenant has this id. Check the id.",
    "WebhookErrorCode.TOO_MANY_ENDPOINTS": "The merchant has the most endpoints allowed "
    "(`message` says how many). Delete or reuse one.",
    "WebhookErrorCode.URL_NOT_ALLOWED": "The URL is not https, or its host resolves to a "
    "private, loopback, link-local or metadata address. Use a public https endpoint.",
    "WebhookEndpointStatus.ACTIVE": "Deliveries are sent.",
    "WebhookEndpointStatus.DISABLED": "Turned off after a day of failures (or by the merchant); "
    "re-enable it with `updateWebhookEndpoint`.",
    "WebhookDeliveryStatus": "Where a delivery stands.",
    "WebhookDeliveryStatus.PENDING": "Waiting for its (next) attempt.",
    "WebhookDeliveryStatus.SENDING": "Being sent now.",
    "WebhookDeliveryStatus.SUCCEEDED": "The endpoint answered 2xx.",
    "WebhookDeliveryStatus.DEAD": "Every retry failed; replay it once the endpoint works.",
    "Query.webhookDeliveries(filter)": "Narrows the list; all deliveries when null.",
    "WebhookEndpoint.url": "Where events are POSTed (https).",
    "WebhookEndpoint.description": "What the endpoint is for, as the merchant wrote it.",
    "WebhookEndpoint.enabled": "The merchant's switch: false sends nothing.",
    "WebhookEndpoint.status": "ACTIVE, or DISABLED after a day of failures.",
    "WebhookEndpoint.failingSince": "When deliveries started failing; null while healthy.",
    "WebhookDelivery.endpointId": "The endpoint it goes to.",
    "WebhookDelivery.status": "Where it stands.",
    "WebhookDelivery.attempts": "How many times it was sent.",
    "WebhookDelivery.nextAttemptAt": "When it is (or was) due next.",
    "WebhookDelivery.lastStatusCode": "The endpoint's last HTTP status; null if it never answered.",
    "WebhookDelivery.lastError": "What went wrong last, by kind (timeout, refused, TLS...).",
    "WebhookDelivery.deliveredAt": "When it succeeded; null until then.",
    "WebhookDeliveryFilter": "Narrows `webhookDeliveries`: each field given must match.",
    "WebhookDeliveryFilter.status": "Only deliveries in this status.",
    "WebhookDeliveryFilter.endpointId": "Only deliveries to this endpoint.",
    "WebhookDeliveryFilter.eventType": "Only deliveries of this event type (e.g. `order.created`).",
    "WebhookEndpointInput.url": "Where to POST events: a public https URL.",
    "WebhookEndpointInput.eventTypes": "The event types to send; empty: all of them.",
    "WebhookEndpointInput.description": "What the endpoint is for.",
    "WebhookEndpointInput.enabled": "False keeps it without sending.",
    "UpdateWebhookEndpointInput.endpointId": "The endpoint to change.",
    "UpdateWebhookEndpointInput.endpoint": "Its new definition, as a whole.",
    "RotateWebhookSecretInput.endpointId": "The endpoint whose signing secret is replaced.",
    "WebhookEndpointIdInput.endpointId": "The endpoint to act on.",
    "ReplayWebhookDeliveryInput.deliveryId": "The delivery to send again.",
    "LotteryErrorCode": "Why a lottery mutation was refused.",
    "LotteryErrorCode.LOTTERY_NOT_FOUND": "No lottery of your tenant has this id. Check the id.",
    "LotteryErrorCode.LIMIT_REACHED": "The member used today's draws (`message` says how many a "
    "day). Nothing was charged; try tomorrow.",
    "LotteryErrorCode.SOLD_OUT": "Every prize is gone. Nothing was charged; hide the lottery.",
    "LotteryErrorCode.PRIZE_UNAVAILABLE": "The prize drawn is a reward that is out of stock; "
    "nothing was charged. The member may draw again.",
    "PrizeKind": "What a prize gives.",
    "PrizeKind.POINTS": "Points, added to the member's wallet.",
    "PrizeKind.REWARD": "A reward from the catalog, as an order.",
    "PrizeKind.NOTHING": "Nothing (谢谢参与).",
    "Lottery": "A lottery (抽奖): members pay points to draw a prize by weight.",
    "Lottery.name": "The lottery's name, as members see it.",
    "Lottery.costPoints": "Points one draw costs.",
    "Lottery.dailyLimit": "The most draws one member may make a day; null: no limit.",
    "Lottery.prizes": "What can be won.",
    "LotteryPrize.name": "The prize's name.",
    "LotteryPrize.kind": "What it gives.",
    "LotteryPrize.points": "POINTS: how many.",
    "LotteryPrize.rewardId": "REWARD: the catalog reward it gives.",
    "LotteryPrize.weight": "Its chance, relative to the other prizes' weights.",
    "LotteryPrize.won": "How many times it was won.",
    "CreateLotteryInput.freeDrawRules": "The CHECK_IN or EVENT rules whose every payment "
    "grants free draws of this lottery (抽奖机会).",
    "UpdateLotteryInput.freeDrawRules": "The rules granting free draws from now on; draws "
    "already granted stay.",
    "FreeDrawRule.ruleId": "The earning rule.",
    "FreeDrawRule.draws": "Free draws each of its payments grants.",
    "FreeDrawRuleInput.ruleId": "A CHECK_IN or EVENT rule of yours.",
    "FreeDrawRuleInput.draws": "Free draws each payment grants, 1-100.",
    "Lottery.freeDrawRules": "The rules whose payments grant free draws.",
    "LotteryDraw.free": "True when a free draw (earned by a task) paid for it; no points were "
    "spent.",
    "CreateLotteryInput.startsAt": "When members may start drawing; null: at once.",
    "CreateLotteryInput.endsAt": "When draws stop (after startsAt); null: until endLottery.",
    "EndLotteryInput.lotteryId": "The lottery to stop.",
    "Lottery.startsAt": "When draws open; null: open since it was made.",
    "Lottery.endsAt": "When draws stop; null: until the merchant ends it.",
    "Lottery.ended": "True once the merchant ended it (endLottery); ended lotteries leave "
    "`lotteries` but their draws stay in `lotteryDraws`.",
    "LotteryDraw.lotteryId": "The lottery drawn.",
    "LotteryDraw.memberId": "The member who drew.",
    "LotteryErrorCode.NOT_STARTED": "The lottery opens at its `startsAt`; nothing was charged. "
    "Show when it opens.",
    "LotteryErrorCode.ENDED": "The lottery's `endsAt` has passed; nothing was charged. Refresh "
    "`lotteries`.",
    "Query.lotteryDraws(lotteryId)": "Only this lottery's draws.",
    "Query.lotteryDraws(memberId)": "Only this member's draws (staff and API keys; a member "
    "token sees only its own, and another member's id finds nothing).",
    "UpdateLotteryInput.lotteryId": "The lottery to change (not ended).",
    "UpdateLotteryInput.name": "The lottery's name, 1-200 characters.",
    "UpdateLotteryInput.costPoints": "Points one draw costs from now on, 1 or more.",
    "UpdateLotteryInput.prizes": "Every prize from now on: with `id` to keep and change one, "
    "without to add one; a prize left out is retired.",
    "UpdateLotteryInput.dailyLimit": "Draws per member per local day; null: no limit.",
    "UpdateLotteryInput.startsAt": "When draws open; null: open now.",
    "UpdateLotteryInput.endsAt": "When draws stop (after startsAt); null: until endLottery.",
    "LotteryPrizeInput.id": "updateLottery: the prize to keep and change; omit to add a prize.",
    "CreateLotteryInput.name": "The lottery's name, 1-200 characters.",
    "CreateLotteryInput.costPoints": "Points one draw costs, 1 or more.",
    "CreateLotteryInput.prizes": "What can be won, 1 to 20 prizes.",
    "CreateLotteryInput.dailyLimit": "The most draws one member may make a day; null: no limit.",
    "LotteryPrizeInput": "A prize of a lottery.",
    "LotteryPrizeInput.name": "The prize's name.",
    "LotteryPrizeInput.kind": "What it gives.",
    "LotteryPrizeInput.weight": "Its chance, relative to the other prizes' weights (1 or more).",
    "LotteryPrizeInput.points": "POINTS: how many.",
    "LotteryPrizeInput.rewardId": "REWARD: the catalog reward it gives.",
    "LotteryPrizeInput.stock": "How many times it can be won; null: unlimited.",
    "LotteryDraw.prize": "What was won.",
    "LotteryDraw.roll": "The number that picked the prize (see `seed`).",
    "LotteryDraw.prizeOrderId": "REWARD prizes: the order it made; null otherwise.",
    "DrawLotteryInput.lotteryId": "The lottery to draw.",
}
