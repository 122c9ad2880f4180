/* The offline page: list the pickup passes kept on this device (stored by sw.js). */
(function () {
  'use strict';
  var list = document.querySelector('[data-offline-passes]');
  var none = document.querySelector('[data-offline-none]');
  if (!list || !window.caches) return;

  function pagesIn(name) {
    return caches.open(name).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
          return cache.match(request, {ignoreVary: true}).then(function (response) {
            var type = (response && response.headers.get('Content-Type')) || '';
            if (type.indexOf('text/html') !== 0) return null;
            return response.text().then(function (html) {
              var title = new DOMParser().parseFromString(html, 'text/html').title;
              return {url: request.url, title: title.split(' · ')[0] || request.url};
            });
          });
        }));
      });
    });
  }

  caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf('pass-') === 0; }).map(pagesIn));
  }).then(function (groups) {
    var passes = [].concat.apply([], groups).filter(Boolean);
    passes.sort(function (a, b) { return a.url < b.url ? 1 : -1; });
    passes.forEach(function (pass) {
      var item = document.createElement('a');
      item.className = 'list-group-item list-group-item-action py-3';
      item.href = pass.url;
      item.textContent = pass.title;
      list.appendChild(item);
    });
    if (passes.length && none) none.hidden = true;
  });
})();
