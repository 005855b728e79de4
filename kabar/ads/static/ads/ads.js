// Kabar ads: only on pages that show ads (never on a Kabar+ member's page).
// - The sticky banner sticks to the bottom with a "Tutup Iklan" button; closing holds for the session.
// - Impressions: an ad half in view for the first time is reported to /iklan/i/, in batches,
//   without cookies (credentials: "omit") and without any reader id.
// - Google Ad Manager tags load only when their box comes near the viewport.
// Without this file house ads still show as plain linked images and the sticky one sits at the end.
(function () {
  "use strict";
  var script = document.currentScript;
  var impressionsUrl = script && script.getAttribute("data-impressions");
  var CLOSED_KEY = "kabar.stickyAdClosed";
  var GPT_URL = "https://securepubads.g.doubleclick.net/tag/js/gpt.js";

  function closedThisSession() {
    try { return window.sessionStorage.getItem(CLOSED_KEY) === "1"; } catch (e) { return false; }
  }

  function setUpSticky() {
    var sticky = document.querySelector("[data-ad-sticky]");
    if (!sticky) { return; }
    if (closedThisSession()) { sticky.remove(); return; }
    var close = sticky.querySelector("[data-ad-close]");
    sticky.classList.add("ad-sticky--stuck");
    document.body.classList.add("has-sticky-ad");
    if (close) {
      close.hidden = false;
      close.addEventListener("click", function () {
        try { window.sessionStorage.setItem(CLOSED_KEY, "1"); } catch (e) { /* private mode: closes this page only */ }
        sticky.remove();
        document.body.classList.remove("has-sticky-ad");
      });
    }
  }

  var pending = [];
  var timer = null;
  function send() {
    timer = null;
    if (!pending.length || !impressionsUrl) { return; }
    var body = "c=" + pending.join("&c=");
    pending = [];
    if (window.fetch) {
      window.fetch(impressionsUrl, {
        method: "POST", body: body, keepalive: true, credentials: "omit",
        headers: { "Content-Type": "application/x-www-form-urlencoded" }
      }).catch(function () {});
    } else if (navigator.sendBeacon) {
      navigator.sendBeacon(impressionsUrl, new Blob([body], { type: "application/x-www-form-urlencoded" }));
    }
  }
  function queue(id) {
    pending.push(id);
    if (!timer) { timer = window.setTimeout(send, 1000); }
  }

  function watchImpressions(ads) {
    if (!("IntersectionObserver" in window)) { return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          queue(entry.target.getAttribute("data-ad"));
        }
      });
    }, { threshold: 0.5 });
    ads.forEach(function (ad) { observer.observe(ad); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { send(); }
    });
    window.addEventListener("pagehide", send);
  }

  var gptRequested = false;
  function withGpt(callback) {
    window.googletag = window.googletag || { cmd: [] };
    if (!gptRequested) {
      gptRequested = true;
      var tag = document.createElement("script");
      tag.src = GPT_URL;
      tag.async = true;
      document.head.appendChild(tag);
      window.googletag.cmd.push(function () {
        // Kabar asks for ads that do not follow the reader around.
        window.googletag.pubads().setPrivacySettings({ nonPersonalizedAds: true });
        window.googletag.enableServices();
      });
    }
    window.googletag.cmd.push(callback);
  }

  function showGpt(box) {
    var sizes = box.getAttribute("data-gpt-sizes").split(",").map(function (size) {
      return size.split("x").map(Number);
    });
    withGpt(function () {
      var slot = window.googletag.defineSlot(box.getAttribute("data-gpt-unit"), sizes, box.id);
      if (slot) {
        slot.addService(window.googletag.pubads());
        window.googletag.display(box.id);
      }
    });
  }

  function watchGpt(boxes) {
    if (!boxes.length) { return; }
    if (!("IntersectionObserver" in window)) { boxes.forEach(showGpt); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          showGpt(entry.target);
        }
      });
    }, { rootMargin: "300px 0px" });
    boxes.forEach(function (box) { observer.observe(box); });
  }

  setUpSticky();
  watchImpressions(Array.prototype.slice.call(document.querySelectorAll(".ad[data-ad]")));
  watchGpt(Array.prototype.slice.call(document.querySelectorAll("[data-gpt-unit]")));
})();
