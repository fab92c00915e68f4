from everyreader.readers.models.needs import (AssistanceNeed, AssistiveTech, Consent, ConsentChannel,
                                              ConsentPurpose, LatentNeed, LatentNeedStatus, NeedCategory,
                                              NeedEvent, NeedLevel, NeedSource, NeedsProfile,
                                              NeedsProfileVersion, NeedStatistic, NeedType,
                                              PreferredFormat, ReaderNeedTag)
from everyreader.readers.models.categories import ReaderCategory, ReaderCategoryDefinition
from everyreader.readers.models.reader import (ContactChannel, Reader, RegistrationChannel,
                                               ServicePreference)
from everyreader.readers.models.segments import Segment

__all__ = [
    "AssistanceNeed", "AssistiveTech", "Consent", "ConsentChannel", "ConsentPurpose", "ContactChannel",
    "LatentNeed", "LatentNeedStatus", "NeedCategory", "NeedEvent", "NeedLevel", "NeedSource",
    "NeedStatistic", "NeedType", "NeedsProfile", "NeedsProfileVersion", "PreferredFormat", "Reader",
    "ReaderCategory", "ReaderCategoryDefinition", "ReaderNeedTag", "RegistrationChannel", "Segment", "ServicePreference",
]
