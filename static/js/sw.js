/* Pasar TKM service worker. /sw.js puts `self.PWA = {version, offline, precache, icon}` above
   this file (marketplace/core/pwa.py).
   - /assets/ (content-hashed, never change): cache first, in the versioned cache.
   - Page loads: network first. Without a network: the stored pickup pass for that URL, if
     any, else the offline page. No other HTML is ever stored.
   - A page is stored as a pass only when the server marks it (X-Offline-Pass equal to the
     viewer's X-Offline-User), in the cache "pass-<user id>"; seeing a page for another user
     drops every other user's passes; logging out drops them all. */
'use strict';
var CONFIG = self.PWA;
var STATIC = 'pasar-' + CONFIG.version;
var PASS = 'pass-';

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) {
    return cache.addAll(CONFIG.precache);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf('pasar-') === 0 && name !== STATIC;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function passCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(PASS) === 0; });
  });
}

function dropPasses(keepUser) {
  return passCaches().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== PASS + keepUser; })
      .map(function (name) { return caches.delete(name); }));
  });
}

function forget(url) {
  return passCaches().then(function (names) {
    return Promise.all(names.map(function (name) {
      return caches.open(name).then(function (cache) { return cache.delete(url, {ignoreVary: true}); });
    }));
  });
}

function sameSite(path) {
  try { var url = new URL(path, self.location.origin); } catch (e) { return null; }
  return url.origin === self.location.origin ? url.href : null;
}

function here(link) {  // a notification's link, always opened on this site
  try { var url = new URL(link, self.location.origin); } catch (e) { return self.location.origin + '/'; }
  return self.location.origin + url.pathname + url.search + url.hash;
}

function passOwner(headers) {
  var user = headers.get('X-Offline-User');
  return user && headers.get('X-Offline-Pass') === user ? user : null;
}

function keep(url, headers, copy) {  // copy: a clone of the answer, only for a pass
  var user = headers.get('X-Offline-User');
  var work = user ? dropPasses(user) : Promise.resolve();
  if (!copy) return work.then(function () { return forget(url); });
  var files = (headers.get('X-Offline-Pass-Files') || '').split(' ').map(sameSite);
  return work.then(function () { return caches.open(PASS + user); }).then(function (cache) {
    return cache.put(url, copy).then(function () {
      return Promise.all(files.filter(Boolean).map(function (file) {
        return cache.add(file).catch(function () {});
      }));
    });
  });
}

function offlinePage() {
  return caches.match(CONFIG.offline, {cacheName: STATIC, ignoreVary: true});
}

function matchPass(request) {
  return passCaches().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (hit) {
        return hit || caches.open(name).then(function (cache) {
          return cache.match(request.url, {ignoreVary: true});
        });
      });
    }, Promise.resolve(undefined));
  });
}

function navigate(event) {
  var url = event.request.url.split('#')[0];
  return fetch(event.request).then(function (response) {
    if (response.type === 'basic') {
      // Only a pass is copied: teeing every answer (a CSV, a PDF) would buffer it in here.
      var copy = response.ok && passOwner(response.headers) ? response.clone() : null;
      event.waitUntil(keep(url, response.headers, copy).catch(function () {}));
    }
    return response;
  }, function () {
    return matchPass(event.request).then(function (hit) {
      return hit || offlinePage().then(function (page) { return page || Response.error(); });
    });
  });
}

function asset(request) {
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request, {ignoreVary: true}).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
  } else if (url.pathname.indexOf('/assets/') === 0) {
    event.respondWith(asset(request));
  } else if (request.destination === 'image') {
    // A stored pass's QR image, when there is no network.
    event.respondWith(fetch(request).catch(function () {
      return matchPass(request).then(function (hit) { return hit || Response.error(); });
    }));
  }
});

self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type === 'logout') {
    event.waitUntil(dropPasses(null));
  } else if (data.type === 'lang') {
    // Keep the offline page in the language the visitor reads now.
    event.waitUntil(caches.open(STATIC).then(function (cache) {
      return cache.match(CONFIG.offline, {ignoreVary: true}).then(function (page) {
        if (page && page.headers.get('Content-Language') === data.lang) return;
        return cache.add(CONFIG.offline);
      });
    }).catch(function () {}));
  }
});

self.addEventListener('push', function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || 'Pasar TKM', {
    body: data.body || '',
    tag: data.tag || undefined,
    icon: CONFIG.icon,
    data: {url: here(data.url || '/')}
  }));
});

self.addEventListener('notificationclick', function (event) {
  var url = (event.notification.data && event.notification.data.url) || self.location.origin + '/';
  event.notification.close();
  event.waitUntil(self.clients.matchAll({type: 'window', includeUncontrolled: true}).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].url === url && 'focus' in list[i]) return list[i].focus();
    }
    return self.clients.openWindow(url);
  }));
});
