"""Declared policies: yes passes, no flags, blank is unknown (never green)."""

from __future__ import annotations

from screener.workforce.policy import grievance_mechanism, nondiscrimination_policy


def test_policy_yes_no_blank() -> None:
    assert nondiscrimination_policy(True).status == "pass"
    no = nondiscrimination_policy(False)
    assert (no.check, no.status) == ("nondiscrimination_policy", "flag")
    assert no.detail == (
        "The supplier declares it has no non-discrimination policy "
        "(has_nondiscrimination_policy = no). [ILO C111; GRI 406-1; UNGP 16]"
    )
    blank = nondiscrimination_policy(None)
    assert blank.status == "unknown"
    assert blank.detail.startswith(
        "The supplier file gives no yes or no in has_nondiscrimination_policy: whether"
    )


def test_grievance_yes_no_blank() -> None:
    yes = grievance_mechanism(True)
    assert (yes.check, yes.status) == ("grievance_mechanism", "pass")
    assert yes.detail.endswith("[UNGP 29 and 31; GRI 2-25]")
    assert grievance_mechanism(False).status == "flag"
    assert grievance_mechanism(None).status == "unknown"
