"""Who may do what with surveys.

Librarians take paper, large-print, braille and interview responses; department heads and
programme managers build surveys, run waves, invite readers and read the results.
"""

_VIEW = ["surveys.view_survey", "surveys.view_surveyrun"]
_ENTER = ["surveys.add_response"]
_BUILD = ["surveys.add_survey", "surveys.change_survey", "surveys.add_surveyrun", "surveys.change_surveyrun"]
_RESULTS = ["surveys.view_results", "surveys.export_responses"]

ROLE_PERMISSIONS = {
    "librarian": [*_VIEW, *_ENTER],
    "department_head": [*_VIEW, *_ENTER, *_BUILD, *_RESULTS],
    "programme_manager": [*_VIEW, *_ENTER, *_BUILD, *_RESULTS],
    "administrator": [*_VIEW],
}
