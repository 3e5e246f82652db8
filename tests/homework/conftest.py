from __future__ import annotations

import pytest

from course.models import Practice


@pytest.fixture
def body_scan(db: None) -> Practice:
    return Practice.objects.get(slug="body-scan")
