from everyreader.readers.models.needs import (AssistanceNeed, AssistiveTech, Consent, ConsentChannel,
                                              ConsentPurpose, LatentNeed, LatentNeedStatus, NeedCategory,
                                              NeedEvent, NeedLevel, NeedSource, NeedsProfile,
                                              NeedsProfileVersion, NeedStatistic, NeedType,
                                              PreferredFormat, ReaderNeedTag)
from everyreader.readers.models.reader import (ContactChannel, Reader, ReaderCategory,
                                               RegistrationChannel, ServicePreference)
from everyreader.readers.models.segments import Segment

__all__ = [
    "AssistanceNeed", "AssistiveTech", "Consent", "ConsentChannel", "ConsentPurpose", "ContactChannel",
    "LatentNeed", "LatentNeedStatus", "NeedCategory", "NeedEvent", "NeedLevel", "NeedSource",
    "NeedStatistic", "NeedType", "NeedsProfile", "NeedsProfileVersion", "PreferredFormat", "Reader",
    "ReaderCategory", "ReaderNeedTag", "RegistrationChannel", "Segment", "ServicePreference",
]
