"""Programme templates (exportProgram, importProgram)."""

from __future__ import annotations

DESCRIPTIONS = {
    "ImportProgramInput.document": "A document exportProgram wrote (format pointsmall.program, "
    "version 1).",
    "ImportProgramInput.dryRun": "Only list what would change; change nothing.",
    "ImportProgramPayload.changes": "What importing changed (or, on a dry run, would change), "
    "section by section.",
    "ImportProgramPayload.applied": "True when the changes were made (false on a dry run or a "
    "refusal).",
    "ProgramChange.section": "earningSettings, pointsPolicy, tierPolicy, tiers, earnRules, "
    "campaigns or rewards.",
    "ProgramChange.name": "The item's name (empty for the policies).",
    "ProgramChange.action": "What happens to it.",
    "ProgramChangeAction.CREATE": "Added (a reward arrives as a DRAFT with no stock).",
    "ProgramChangeAction.UPDATE": "Changed to the document's settings (a policy is replaced).",
    "ProgramChangeAction.ARCHIVE": "A live rule or campaign the document lacks: archived, so "
    "the programme earns as the document says.",
    "ProgramChangeAction.KEEP": "A tier or reward the document lacks: kept as it is (members "
    "may hold it).",
    "ProgramErrorCode.INVALID_DOCUMENT": "The document is malformed or a part of it breaks a "
    "rule (`field` is its path, e.g. earnRules[2].schedule; `message` says why). Nothing "
    "changed; fix that part.",
    "ProgramErrorCode.UNSUPPORTED_VERSION": "Not a pointsmall.program document of version 1. "
    "Export it again from a current merchant.",
}
