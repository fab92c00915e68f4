from everyreader.outreach.models.roster import (Availability, MemberKind, RosterMember, Skill, TrainingRecord,
                                                VettingStatus, Weekday)

__all__ = ["Availability", "MemberKind", "RosterMember", "Skill", "TrainingRecord", "VettingStatus", "Weekday"]
