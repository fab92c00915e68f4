from everyreader.outreach.models.delivery import (FREQUENCY_DAYS, VISIT_OUTCOMES, DeliveredRecord, DeliveryProfile,
                                                  DelivererNotice, Frequency, HistorySource, NoticeStatus,
                                                  ProfileStatus, Visit, VisitItem, VisitItemKind, VisitStatus)
from everyreader.outreach.models.postal import PostalLoan, PostalStatus
from everyreader.outreach.models.roster import (Availability, MemberKind, RosterMember, Skill, TrainingRecord,
                                                VettingStatus, Weekday)

__all__ = ["FREQUENCY_DAYS", "VISIT_OUTCOMES", "Availability", "DeliveredRecord", "DeliveryProfile",
           "DelivererNotice", "Frequency", "HistorySource", "MemberKind", "NoticeStatus", "PostalLoan",
           "PostalStatus", "ProfileStatus", "RosterMember", "Skill", "TrainingRecord", "VettingStatus", "Visit",
           "VisitItem", "VisitItemKind", "VisitStatus", "Weekday"]
