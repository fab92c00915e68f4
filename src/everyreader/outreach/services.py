"""Writes of the outreach app (home delivery, postal loans, the roster), gathered in one place."""

from everyreader.outreach.delivery_services import (ensure_schedulable, erase_reader_delivery,  # noqa: F401
                                                    home_delivery_consent, planned_dates, profile_create,
                                                    profiles_forget_withdrawn,
                                                    profile_pause, profile_resume, profile_update, visit_assign,
                                                    visit_schedule, visits_generate)
from everyreader.outreach.postal_services import postal_dispatch, postal_return, postal_set_tracking  # noqa: F401
from everyreader.outreach.roster_services import (availability_set, member_create, member_update,  # noqa: F401
                                                  training_add)
from everyreader.outreach.visit_services import (deliver_notice, notify_deliverers, visit_choose_items,  # noqa: F401
                                                 visit_feedback, visit_record)
