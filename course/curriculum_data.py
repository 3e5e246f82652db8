"""The standard curricula shipped with Stillpoint, written in our own words.

Targets follow the public descriptions of the UMass-style 8-week course and the self-guided
30-minute variant. `load_curriculum` installs these; teachers then adapt per cohort.
Assignments are tuples: (practice slug or None for "own mix", [also-counts slugs], minutes/day,
days/week, note).
"""

from __future__ import annotations

from typing import Any

PRACTICES: list[dict[str, Any]] = [
    {
        "slug": "body-scan",
        "name": "Body scan",
        "typical_minutes": 45,
        "description": "Lying down, attention moves slowly through the body, region by region, noticing whatever sensations are there, including none.",
    },
    {
        "slug": "sitting-breath",
        "name": "Sitting with the breath",
        "typical_minutes": 20,
        "description": "Seated practice that rests attention on the sensations of breathing and returns to them, kindly, each time the mind wanders.",
    },
    {
        "slug": "sitting-open",
        "name": "Sitting: open awareness",
        "typical_minutes": 30,
        "description": "Seated practice that widens from the breath to body, sounds, thoughts and feelings, and finally to awareness without a chosen object.",
    },
    {
        "slug": "yoga-lying",
        "name": "Lying-down mindful yoga",
        "typical_minutes": 45,
        "description": "Gentle stretches on the floor, moving slowly and staying within limits, with attention on sensation rather than achievement.",
    },
    {
        "slug": "yoga-standing",
        "name": "Standing mindful yoga",
        "typical_minutes": 45,
        "description": "Slow standing movements and balances, noticing effort, ease and the edge of each stretch. Adapt or sit whenever the body asks.",
    },
    {
        "slug": "walking",
        "name": "Walking meditation",
        "typical_minutes": 20,
        "description": "Walking slowly back and forth, feeling each step: lifting, moving, placing. Useful on days when sitting still is hard.",
    },
    {
        "slug": "mountain",
        "name": "Mountain meditation",
        "typical_minutes": 20,
        "description": "A seated imagery practice of steadiness: staying grounded while weather and seasons pass over.",
    },
    {
        "slug": "lake",
        "name": "Lake meditation",
        "typical_minutes": 20,
        "description": "A lying or seated imagery practice of a deep, still lake whose surface moves while its depths stay calm.",
    },
    {
        "slug": "loving-kindness",
        "name": "Loving-kindness",
        "typical_minutes": 20,
        "description": "Offering simple wishes of well-being to oneself, to people close, to strangers and to people we find difficult.",
    },
    {
        "slug": "breathing-space",
        "name": "Breathing space / STOP",
        "typical_minutes": 3,
        "category": "informal",
        "description": "A three-minute pause in the day: stop, take a breath, observe what is here, then proceed.",
    },
    {
        "slug": "mindful-eating",
        "name": "Mindful eating",
        "typical_minutes": 10,
        "category": "informal",
        "description": "Eating something slowly with full attention to sight, smell, texture and taste, starting with a single raisin.",
    },
    {
        "slug": "pmr",
        "name": "Progressive muscle relaxation",
        "typical_minutes": 20,
        "part_of_mbsr": False,
        "description": "Tensing and releasing muscle groups in turn. Not part of MBSR, but often recommended for back pain; offered as an optional extra.",
    },
    {
        "slug": "autogenic",
        "name": "Autogenic training",
        "typical_minutes": 10,
        "part_of_mbsr": False,
        "description": "Resting while silently repeating short phrases of heaviness, warmth, a calm heart and easy breathing, then coming back. Not part of MBSR; an optional extra often suggested for back pain, best practised briefly two or three times a day.",
    },
]

_MBSR_WEEKS: list[dict[str, Any]] = [
    {
        "kind": "orientation",
        "number": 0,
        "theme": "Orientation: what the course asks of you",
        "description": "We meet before class 1 to talk through what the eight weeks involve: a class each week, about 45 minutes of home practice most days, and a silent day of practice. You try a short first practice and decide whether now is the right time to begin.",
        "readings": [
            (
                "What to expect in the next eight weeks",
                "A plain description of the weekly rhythm, the home practice and how to look after yourself if practice stirs up something difficult.",
                10,
            )
        ],
        "assignments": [],
        "informal": [],
    },
    {
        "number": 1,
        "theme": "Coming into the present: more is right with you than wrong",
        "description": "We begin by noticing how much of life happens on automatic pilot, and practise returning to the body as it is right now. Whatever is going on, including pain, there is also much that is working.",
        "readings": [
            (
                "Full Catastrophe Living, introduction and chapter 1",
                "Why paying attention on purpose, without judging, is a skill anyone can train; the idea of 'non-doing'.",
                40,
            )
        ],
        "assignments": [
            ("body-scan", [], 45, 6, "Use the recording; any posture that suits your back is fine.")
        ],
        "informal": [
            (
                "One mindful meal",
                "Eat one meal, or part of one, with full attention this week.",
                "",
                0,
            ),
            (
                "Wake up to one routine activity",
                "Choose something you do every day (brushing teeth, showering) and bring full attention to it.",
                "",
                0,
            ),
        ],
    },
    {
        "number": 2,
        "theme": "How perception shapes our stress",
        "description": "The way we see a situation shapes how stressful it feels. We practise noticing experience before the story about it takes over.",
        "readings": [
            (
                "Full Catastrophe Living, chapters 2 and 3",
                "The attitudes that support practice: patience, beginner's mind, trust, non-striving, acceptance, letting go.",
                40,
            )
        ],
        "assignments": [("body-scan", [], 45, 6, ""), ("sitting-breath", [], 10, 6, "")],
        "informal": [
            (
                "Pleasant events calendar",
                "Each day, notice one pleasant moment while it is happening and write about it.",
                "pleasant",
                7,
            )
        ],
    },
    {
        "number": 3,
        "theme": "The pleasure and power of being present",
        "description": "Gentle movement joins the practice. We explore the body's limits with curiosity, and what it is like to be fully here for ordinary moments.",
        "readings": [
            (
                "Full Catastrophe Living, chapters 4 to 6",
                "Mindful movement and what it teaches about limits, patience and kindness towards the body.",
                45,
            )
        ],
        "assignments": [
            (
                "body-scan",
                ["yoga-lying"],
                45,
                6,
                "Alternate the body scan and lying-down yoga day by day.",
            ),
            ("sitting-breath", [], 15, 6, ""),
        ],
        "informal": [
            (
                "Unpleasant events calendar",
                "Each day, notice one unpleasant moment while it is happening and write about it.",
                "unpleasant",
                7,
            )
        ],
    },
    {
        "number": 4,
        "theme": "Stress: reacting or responding",
        "description": "We look at how stress works in the body and mind, and how noticing a reaction as it starts opens room for a response instead.",
        "readings": [
            (
                "Full Catastrophe Living, chapters 19 and 20",
                "The stress reaction cycle and the alternative of responding mindfully.",
                45,
            )
        ],
        "assignments": [
            ("body-scan", ["yoga-lying"], 45, 6, "Keep alternating the body scan and yoga."),
            ("sitting-breath", [], 20, 6, ""),
        ],
        "informal": [
            (
                "Notice stress reactions",
                "Catch stress reactions as they happen: where in the body, what thoughts, what urge. No need to change them.",
                "",
                0,
            )
        ],
    },
    {
        "number": 5,
        "theme": "Halfway: working with stress, open awareness",
        "description": "At the midpoint we widen attention beyond the breath and practise staying present with difficulty, including physical pain, rather than pushing it away.",
        "readings": [
            (
                "Full Catastrophe Living, chapters 22 to 24",
                "Working with physical pain: separating sensation from the thoughts and emotions about it.",
                45,
            )
        ],
        "assignments": [
            (
                "sitting-open",
                ["yoga-standing"],
                45,
                6,
                "Alternate open-awareness sitting and standing yoga.",
            )
        ],
        "informal": [
            (
                "Difficult communications calendar",
                "Write about one difficult exchange each day it happens.",
                "communication",
                3,
            ),
            (
                "STOP during the day",
                "Several times a day: stop, take a breath, observe, proceed.",
                "",
                0,
            ),
        ],
    },
    {
        "number": 6,
        "theme": "Difficult communication and resilience",
        "description": "We bring awareness to how we speak and listen under stress, and how to stay steady and kind in hard conversations.",
        "readings": [
            (
                "Full Catastrophe Living, chapters 26 and 27",
                "Relationships and communication as a place to practise awareness.",
                45,
            )
        ],
        "assignments": [
            (
                "sitting-open",
                ["yoga-standing", "yoga-lying", "body-scan"],
                45,
                6,
                "Alternate sitting with yoga or the body scan, as suits you.",
            )
        ],
        "informal": [
            (
                "Difficult communications calendar",
                "Keep noting difficult exchanges and what you wanted and got.",
                "communication",
                3,
            ),
            (
                "Mindful eating and consumption",
                "Notice what you take in: food, news, screens, conversations.",
                "",
                0,
            ),
            (
                "Prepare for the day of mindfulness",
                "Plan food, travel and rest so you can give the day your full attention.",
                "",
                0,
            ),
        ],
    },
    {
        "kind": "retreat",
        "number": 6,
        "theme": "Day of mindfulness",
        "description": "A day of practice in silence: sitting, walking, movement and eating together without conversation. A chance to see what a longer stretch of practice shows you.",
        "readings": [],
        "assignments": [],
        "informal": [],
    },
    {
        "number": 7,
        "theme": "Making the practice your own",
        "description": "Practise without recordings, choosing your own mix, and notice how the practice can live in ordinary moments of the day.",
        "readings": [
            (
                "Full Catastrophe Living, chapter 35",
                "Ways to keep formal and informal practice going in daily life.",
                30,
            )
        ],
        "assignments": [(None, [], 45, 7, "Your own mix, without recordings if you can.")],
        "informal": [
            (
                "Informal practice in the day",
                "Choose moments to be fully present: waiting, walking, washing up.",
                "",
                0,
            )
        ],
    },
    {
        "number": 8,
        "theme": "The rest of your life: keeping the momentum",
        "description": "We look back at the eight weeks and make a realistic plan for keeping the practice alive once the course ends.",
        "readings": [
            (
                "Full Catastrophe Living, chapters 36 and 37",
                "Keeping up practice after the course, and where to find support.",
                30,
            )
        ],
        "assignments": [
            (None, [], 45, 6, "Try out the plan you made; about 45 minutes is a good guide.")
        ],
        "informal": [],
    },
]

_PALOUSE_WEEKS: list[dict[str, Any]] = [
    {
        "number": 1,
        "theme": "Simple awareness",
        "description": "Meeting the body as it is with a daily body scan.",
        "readings": [],
        "assignments": [("body-scan", [], 30, 6, "")],
        "informal": [
            ("One routine activity, mindfully", "Bring full attention to one everyday task.", "", 0)
        ],
    },
    {
        "number": 2,
        "theme": "Attention and the brain",
        "description": "Sitting practice joins the body scan; we notice how the mind moves.",
        "readings": [],
        "assignments": [
            ("sitting-breath", ["body-scan"], 30, 6, "Alternate sitting and the body scan.")
        ],
        "informal": [("Pleasant events calendar", "One pleasant moment each day.", "pleasant", 7)],
    },
    {
        "number": 3,
        "theme": "Dealing with thoughts",
        "description": "Mindful movement as a way to see thinking come and go.",
        "readings": [],
        "assignments": [("yoga-lying", ["yoga-standing"], 30, 6, "")],
        "informal": [
            ("Unpleasant events calendar", "One unpleasant moment each day.", "unpleasant", 7)
        ],
    },
    {
        "number": 4,
        "theme": "Stress: responding instead of reacting",
        "description": "Yoga alternating with sitting, and STOP in the day.",
        "readings": [],
        "assignments": [
            (
                "yoga-lying",
                ["yoga-standing", "sitting-breath"],
                30,
                6,
                "Alternate yoga and sitting.",
            )
        ],
        "informal": [("STOP during the day", "Stop, take a breath, observe, proceed.", "", 0)],
    },
    {
        "number": 5,
        "theme": "Turning toward difficult emotions and physical pain",
        "description": "Practising staying with what is difficult, gently and with limits.",
        "readings": [],
        "assignments": [("sitting-open", [], 30, 6, "")],
        "informal": [
            (
                "Notice turning away",
                "Notice the urge to push away discomfort, and try softening around it.",
                "",
                0,
            )
        ],
    },
    {
        "number": 6,
        "theme": "Mountain and lake: steadiness; difficult communication",
        "description": "Imagery practices of stability, and awareness in difficult exchanges.",
        "readings": [],
        "assignments": [("mountain", ["lake"], 30, 6, "")],
        "informal": [
            (
                "Difficult communications calendar",
                "Write about difficult exchanges as they happen.",
                "communication",
                3,
            )
        ],
    },
    {
        "number": 7,
        "theme": "Loving-kindness and walking",
        "description": "Kindness towards ourselves and others, and meditation in motion.",
        "readings": [],
        "assignments": [("loving-kindness", ["walking"], 30, 6, "")],
        "informal": [],
    },
    {
        "number": 8,
        "theme": "Your own practice",
        "description": "Choosing the practices that serve you and keeping them going.",
        "readings": [],
        "assignments": [(None, [], 30, 6, "Your own mix.")],
        "informal": [],
    },
]

CURRICULA: list[dict[str, Any]] = [
    {
        "slug": "mbsr-8-week",
        "name": "MBSR: eight weeks (45 minutes a day)",
        "lineage": "Mindfulness-Based Stress Reduction, as taught in the UMass Center for Mindfulness format",
        "description": "The classic eight-week course: orientation, eight weekly classes of about two and a half hours, a day of mindfulness, and about 45 minutes of home practice six days a week.",
        "weeks": _MBSR_WEEKS,
    },
    {
        "slug": "mbsr-30-minute",
        "name": "MBSR, self-paced style (30 minutes a day)",
        "lineage": "In the spirit of the free Palouse Mindfulness online course",
        "description": "An eight-week variant with 30 minutes of home practice a day and at least six practice days before moving on.",
        "weeks": _PALOUSE_WEEKS,
    },
]
