"""Who has answered a survey: the one rule that invitations, reminders and response rates read.

- Only answers to a survey count (`Submission.origin` SURVEY): a partner's correction, sent
  through its own link about another organization's answers, is never a respondent's.
- An organization **has answered** a survey of a wave when it sent answers to it there
  that were not rejected, however they came (an invitation's link or the public form):
  `answered_condition`, `answered_pairs`.
- **Last wave's respondents** are the organizations whose answers to the survey were
  approved there: `approved_answers_to`.
"""

import sqlalchemy as sa

from app.extensions import db
from app.models import Submission, SubmissionOrigin, SubmissionStatus, SurveyKind, SurveyWave


def survey_answers():
    """Return the condition: a submission is answers to a survey, not a partner's correction."""
    return Submission.origin == SubmissionOrigin.SURVEY


def is_survey_answer(submission: Submission) -> bool:
    """Tell whether `submission` is answers to a survey (a respondent's), not a correction."""
    return submission.origin in (None, SubmissionOrigin.SURVEY)


def answered_condition(kinds: list[SurveyKind]):
    """Return the condition: a submission counts as having answered one of `kinds`."""
    return sa.and_(
        survey_answers(),
        Submission.survey_kind.in_(kinds),
        Submission.status != SubmissionStatus.REJECTED,
    )


def approved_answers_to(kind: SurveyKind):
    """Return the condition: a submission is approved answers to the survey `kind`."""
    return sa.and_(
        survey_answers(),
        Submission.survey_kind == kind,
        Submission.status == SubmissionStatus.APPROVED,
    )


def answered_pairs(wave: SurveyWave) -> set[tuple[int, SurveyKind]]:
    """Return the (organization, survey) pairs that have answered `wave`."""
    return set(
        db.session.execute(
            sa.select(Submission.organization_id, Submission.survey_kind).where(
                Submission.wave_id == wave.id, answered_condition(list(SurveyKind))
            )
        )
    )
