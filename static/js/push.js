/* Web push on the notification settings page: subscribe this browser, or turn it off.
 * Texts, the server's key, the URLs and the CSRF token come from data- attributes of the
 * [data-push] box (the page's language; no inline script under the CSP). The service worker
 * (/sw.js) is registered by pwa.js; this file only waits for it to be ready. */
(function () {
  'use strict';
  var box = document.querySelector('[data-push]');
  if (!box) return;
  var d = box.dataset;
  var status = box.querySelector('[data-push-status]');
  var onButton = box.querySelector('[data-push-on]');
  var offButton = box.querySelector('[data-push-off]');
  var READY_TIMEOUT_MS = 5000;

  function say(text, kind) {
    status.textContent = text || '';
    status.className = 'small' + (kind ? ' text-' + kind : '');
  }

  function showState(subscribed) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
  }

  function keyBytes(base64url) {
    var padded = (base64url + '===='.slice(base64url.length % 4)).replace(/-/g, '+').replace(/_/g, '/');
    var raw = window.atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  // navigator.serviceWorker.ready never settles without a registered worker: give up after
  // a few seconds with the "not available" message instead of waiting forever.
  function workerReady() {
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (_resolve, reject) {
        window.setTimeout(function () { reject(new Error('no service worker')); }, READY_TIMEOUT_MS);
      }),
    ]);
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      redirect: 'error',  // a login redirect is a failure here, not a page to parse
      headers: {
        'Content-Type': 'application/json',
        'Accept': 'application/json',
        'X-CSRFToken': d.csrf,
      },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.message || data.error || d.msgFailed);
          error.fromServer = true;  // the server's own message, in the page's language
          throw error;
        }
        return data;
      });
    });
  }

  function supported() {
    return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  }

  function subscribe() {
    onButton.disabled = true;
    say(d.msgWorking);
    Notification.requestPermission().then(function (permission) {
      if (permission !== 'granted') {
        say(d.msgDenied, 'danger');
        return null;
      }
      return workerReady().then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(d.key),
        });
      }).then(function (subscription) {
        return post(d.subscribeUrl, subscription.toJSON());
      }).then(function () {
        // Reload: the device list below now shows this phone.
        window.location.reload();
      });
    }).catch(function (error) {
      say(error && error.fromServer ? error.message : d.msgFailed, 'danger');
    }).finally(function () {
      onButton.disabled = false;
    });
  }

  function unsubscribe() {
    offButton.disabled = true;
    say(d.msgWorking);
    workerReady().then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return null;
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post(d.unsubscribeUrl, {endpoint: endpoint});
      });
    }).then(function () {
      showState(false);
      say(d.msgOff, 'success');
      window.location.reload();
    }).catch(function () {
      say(d.msgFailed, 'danger');
    }).finally(function () {
      offButton.disabled = false;
    });
  }

  if (!supported()) {
    onButton.disabled = true;
    say(d.msgUnsupported, 'danger');
    return;
  }
  if (Notification.permission === 'denied') say(d.msgDenied, 'danger');
  onButton.addEventListener('click', subscribe);
  offButton.addEventListener('click', unsubscribe);
  // Already subscribed in this browser: offer "turn off" instead of "turn on".
  navigator.serviceWorker.getRegistration().then(function (registration) {
    return registration ? registration.pushManager.getSubscription() : null;
  }).then(function (subscription) {
    if (subscription) {
      showState(true);
      say(d.msgOn, 'success');
    }
  }).catch(function () { /* no worker yet: the turn-on button stays */ });
})();
