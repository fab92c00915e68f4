_WORK = ["feedback.view_feedbackitem", "feedback.add_feedbackitem", "feedback.change_feedbackitem"]

ROLE_PERMISSIONS = {
    "reader": [],
    "librarian": [*_WORK],
    "department_head": [*_WORK, "feedback.assign_feedbackitem", "feedback.view_feedback_analysis",
                        "feedback.view_improvementaction", "feedback.change_improvementaction",
                        "feedback.view_category", "feedback.view_servicetarget"],
    "programme_manager": [*_WORK, "feedback.assign_feedbackitem", "feedback.view_all_feedback",
                          "feedback.view_feedback_analysis", "feedback.view_improvementaction",
                          "feedback.change_improvementaction", "feedback.view_category",
                          "feedback.view_servicetarget", "feedback.change_servicetarget"],
    # Administrators configure the taxonomy and the targets; they do not read readers' feedback.
    "administrator": ["feedback.view_category", "feedback.add_category", "feedback.change_category",
                      "feedback.view_servicetarget", "feedback.change_servicetarget"],
}
