// The practice player: keeps the screen awake while the audio plays (where the browser allows),
// and when the audio ends or the person ends it, shows the log form with the minutes actually
// played. Minutes come from the audio element's own record of what it played (audio.played,
// else its position), never from a wall clock: a paused or buffering session does not count.
"use strict";

(function () {
  const audio = document.getElementById("practice-audio");
  const panel = document.querySelector("[data-log-panel]");
  if (!audio || !panel) {
    return;
  }
  const minutesField = panel.querySelector("input[name=minutes]");
  const note = document.getElementById("played-note");
  const heading = panel.querySelector("h2");
  const endButton = document.getElementById("end-practice");
  // Encoded tracks can come out a few milliseconds short of their length; half a second of
  // slack keeps a full 20-minute track from being logged as 19.
  const SLACK_SECONDS = 0.5;
  let furthest = 0;
  let wakeLock = null;

  panel.hidden = true;
  endButton.hidden = false;

  function secondsPlayed() {
    furthest = Math.max(furthest, audio.currentTime);
    const ranges = audio.played;
    if (!ranges || ranges.length === 0) {
      return furthest;
    }
    let total = 0;
    for (let i = 0; i < ranges.length; i += 1) {
      total += ranges.end(i) - ranges.start(i);
    }
    return total;
  }

  async function keepAwake() {
    if (!("wakeLock" in navigator) || wakeLock !== null) {
      return;
    }
    try {
      wakeLock = await navigator.wakeLock.request("screen");
      wakeLock.addEventListener("release", function () {
        wakeLock = null;
      });
    } catch (error) {
      wakeLock = null; // refused (battery saver, no permission): the audio plays on regardless
    }
  }

  function letSleep() {
    if (wakeLock !== null) {
      wakeLock.release();
      wakeLock = null;
    }
  }

  function finish() {
    const minutes = Math.floor((secondsPlayed() + SLACK_SECONDS) / 60);
    minutesField.value = String(minutes);
    panel.dataset.playedSeconds = String(secondsPlayed());
    if (minutes >= 1) {
      note.textContent = "You practised for " + minutes + " minute" + (minutes === 1 ? "" : "s") + ". Save it with one tap.";
    } else {
      note.textContent = "Less than a minute was played. Change the minutes if you practised longer.";
    }
    panel.hidden = false;
    endButton.hidden = true;
    letSleep();
    heading.focus();
  }

  audio.addEventListener("timeupdate", function () {
    furthest = Math.max(furthest, audio.currentTime);
  });
  audio.addEventListener("play", keepAwake);
  audio.addEventListener("pause", letSleep);
  audio.addEventListener("ended", finish);
  endButton.addEventListener("click", function () {
    audio.pause();
    finish();
  });
  // A wake lock is dropped when the page is hidden; take it again on return if still playing.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !audio.paused) {
      keepAwake();
    }
  });
})();
