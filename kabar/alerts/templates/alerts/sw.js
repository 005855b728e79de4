{% autoescape off %}// Kabar's service worker: shows alerts and opens their article. It caches nothing and
// intercepts no request; it exists for the Push API, which needs one.
"use strict";
var DEFAULT_TITLE = {{ site_name_json }};

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function ownUrl(value) {
  // Only pages of this site: a payload can never send the reader elsewhere.
  try {
    var url = new URL(value || "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : self.location.origin + "/";
  } catch (error) {
    return self.location.origin + "/";
  }
}

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { body: event.data ? event.data.text() : "" };
  }
  var options = {
    body: data.body || "",
    tag: data.tag || "kabar",
    data: { url: ownUrl(data.url) },
    renotify: false
  };
  if (data.icon) { options.icon = data.icon; }
  if (data.image) { options.image = data.image; }
  if (data.ts) { options.timestamp = data.ts; }
  if (data.breaking) { options.requireInteraction = true; }
  event.waitUntil(self.registration.showNotification(data.title || DEFAULT_TITLE, options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = ownUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === target && "focus" in windows[i]) { return windows[i].focus(); }
      }
      return self.clients.openWindow(target);
    })
  );
});

// The push service renewed this browser's subscription: tell Kabar, keeping the same topics.
self.addEventListener("pushsubscriptionchange", function (event) {
  var old = event.oldSubscription;
  event.waitUntil(
    fetch("/push/config/", { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (config) {
      var renewed = event.newSubscription ? Promise.resolve(event.newSubscription) :
        self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: config.publicKey });
      return renewed.then(function (subscription) {
        return fetch("/push/subscribe/", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
          body: JSON.stringify({ subscription: subscription.toJSON(), topics: [], replaces: old ? old.endpoint : "" })
        });
      });
    })
  );
});
{% endautoescape %}
