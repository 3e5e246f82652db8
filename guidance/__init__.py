"""Guided practice: scripts, the timeline maths, and the tracks made from them.

Layer 3: depends on `course` (the practice catalogue) and Django only. Piper (GPL-3.0) is run
as a separate process by `make_audio` or the `guidance.tasks.generate_audio` task, never
imported.

For pages (none of these needs numpy, soundfile or Piper):
    guidance.script.load_script(slug) -> Script        lengths, sections, adaptations, back_care
    guidance.script.has_script(slug) -> bool
    guidance.transcript.transcript(slug) -> Transcript  sections of lines to show; .as_text()
    guidance.transcript.cue_times(slug, minutes) -> [(start_seconds, words)] | None
    guidance.tracks.practice_track(slug, minutes) -> Track
    guidance.tracks.track_exists(slug, minutes) -> bool
    guidance.tracks.text_and_bells_track(minutes) -> Track   bells only, until speech exists
    guidance.tracks.timer_track(minutes, interval) -> Track  interval 0, 5, 10 or 15
    Track.exists(), Track.sources() -> [{"url", "type"}] (Opus, then MP3), Track.path(ext),
    Track.details() -> the JSON sidecar (duration, cue and bell times)

To make tracks (needs the audio extra):
    guidance.audio.generate_practice(slug, minutes) / generate_timer(minutes, interval)
    python manage.py make_audio --all | --practice SLUG [--minutes N] | --timers
    guidance.tasks.generate_audio.delay()   # fans out one task per practice, plus timers
"""
