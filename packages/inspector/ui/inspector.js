// The traffic inspector page (issue 7). Every value from the API (and so from clients' headers)
// reaches the DOM as text: elements are built with `el()`, which only ever sets textContent and
// known attributes, never innerHTML. The page's Content-Security-Policy (inspector-plugin.ts)
// allows no inline script either.

const API = '/_elbow/api';
/** Rows kept in the live table; the API keeps many more (GET /_elbow/api/requests). */
const MAX_ROWS = 500;
const RESOURCES_REFRESH_MS = 5000;
/** At most one distribution read per this while requests stream in. */
const DISTRIBUTION_REFRESH_MS = 500;

const STICKY_COLORS = { hit: '#1f8a4c', miss: '#c0392b', new: '#e0a030', none: '#9aa5b5' };
const STATUS_COLORS = { '2xx': '#1f8a4c', '3xx': '#3b7dd8', '4xx': '#e0a030', '5xx': '#c0392b', '1xx': '#7f8c8d', none: '#5d6677' };

/** An element with text children only: strings become text nodes, never markup. */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') element.className = value;
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const byId = (id) => document.getElementById(id);

async function getJson(path) {
  const response = await fetch(`${API}${path}`, { headers: { accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body;
}

function healthBadge(health) {
  if (health === null) return el('span', { className: 'badge', title: 'no health check watches this target' }, 'not checked');
  const title = [health.reason, health.description].filter(Boolean).join(': ');
  return el('span', { className: `badge health-${health.state}`, title: title || undefined, 'data-health': health.state }, health.state);
}

// ---- resource tree ----------------------------------------------------------------------------

function renderResources(tree) {
  const container = byId('resources');
  const nodes = [];
  for (const lb of tree.loadBalancers) {
    nodes.push(
      el('div', { className: 'lb', 'data-load-balancer': lb.name },
        el('div', { className: 'lb-title' }, lb.name, ' ', el('span', { className: 'dim' }, `${lb.type} · ${lb.accountId} · ${lb.region}`)),
        lb.dnsName ? el('div', { className: 'dim mono' }, lb.dnsName) : null,
        el('ul', { className: 'tree' },
          lb.listeners.map((listener) =>
            el('li', {},
              el('strong', {}, `${listener.protocol}:${listener.port}`),
              el('ul', { className: 'tree' },
                listener.rules.map((rule) =>
                  el('li', {},
                    el('span', { className: 'badge' }, rule.priority === 'default' ? 'default' : `#${rule.priority}`), ' ',
                    rule.conditions.length > 0 ? el('span', { className: 'mono' }, rule.conditions.join(' AND ')) : null,
                    rule.actions.map((action) =>
                      el('div', { className: 'dim' }, '→ ', action.type, ' ',
                        action.detail ?? action.targetGroups.map((group) => `${group.name}${action.targetGroups.length > 1 ? ` (weight ${group.weight})` : ''}`).join(', ')),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
  for (const group of tree.targetGroups) {
    nodes.push(
      el('div', { className: 'lb', 'data-target-group': group.name },
        el('div', { className: 'lb-title' }, 'target group ', group.name, ' ',
          el('span', { className: 'dim' }, [group.protocol, group.port, group.targetType].filter((part) => part !== null).join(' · '), group.stickiness ? ` · sticky: ${group.stickiness}` : '')),
        el('ul', { className: 'tree' },
          group.targets.length === 0
            ? el('li', { className: 'empty' }, 'no targets registered')
            : group.targets.map((target) =>
                el('li', { 'data-target': `${target.id}:${target.port}` }, healthBadge(target.health), ' ', el('span', { className: 'mono' }, `${target.id}:${target.port}`),
                  target.availabilityZone ? el('span', { className: 'dim' }, ` ${target.availabilityZone}`) : null),
              ),
        ),
      ),
    );
  }
  for (const lb of tree.classicLoadBalancers) {
    nodes.push(
      el('div', { className: 'lb', 'data-classic-load-balancer': lb.name },
        el('div', { className: 'lb-title' }, lb.name, ' ', el('span', { className: 'dim' }, `classic · ${lb.accountId} · ${lb.region}`)),
        el('div', { className: 'dim mono' }, lb.dnsName),
        el('ul', { className: 'tree' },
          lb.listeners.map((listener) => el('li', {}, `${listener.protocol}:${listener.loadBalancerPort} → ${listener.instanceProtocol}:${listener.instancePort}`)),
          lb.instances.map((instance) => el('li', {}, healthBadge(instance.health), ' ', el('span', { className: 'mono' }, instance.id))),
        ),
      ),
    );
  }
  if (nodes.length === 0) nodes.push(el('p', { className: 'empty' }, 'No load balancer has a listener yet.'));
  container.replaceChildren(...nodes);
}

async function refreshResources() {
  try {
    renderResources(await getJson('/resources'));
  } catch (error) {
    byId('resources').replaceChildren(el('p', { className: 'error' }, `Could not read the resources: ${error.message}`));
  }
}

// ---- distribution charts ----------------------------------------------------------------------

function barChart(canvas) {
  return new window.Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      indexAxis: 'y',
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  });
}

let targetChart;
let groupChart;

function fillChart(chart, buckets, facet, colors, labelOf) {
  chart.data.labels = buckets.map(labelOf);
  chart.data.datasets = Object.entries(colors).map(([key, color]) => ({ label: key, backgroundColor: color, data: buckets.map((bucket) => bucket[facet][key]) }))
    // A facet nobody has in the window would only crowd the legend.
    .filter((dataset) => dataset.data.some((count) => count > 0));
  chart.update();
}

function fillCounts(table, buckets, labelOf) {
  table.replaceChildren(
    ...buckets.map((bucket) =>
      el('tr', { 'data-key': bucket.key },
        el('td', {}, labelOf(bucket)),
        el('td', { className: 'number', 'data-count': bucket.count }, bucket.count),
        el('td', { className: 'number dim' }, `${Math.round(bucket.share * 100)}%`)),
    ),
  );
}

async function refreshDistribution() {
  const windowSeconds = byId('window').value;
  try {
    const [byTarget, byGroup] = await Promise.all([
      getJson(`/distribution?by=target&windowSeconds=${encodeURIComponent(windowSeconds)}`),
      getJson(`/distribution?by=targetGroup&windowSeconds=${encodeURIComponent(windowSeconds)}`),
    ]);
    const targetLabel = (bucket) => `${bucket.label} (${bucket.group})`;
    fillChart(targetChart, byTarget.buckets, 'sticky', STICKY_COLORS, targetLabel);
    fillCounts(byId('target-counts'), byTarget.buckets, targetLabel);
    fillChart(groupChart, byGroup.buckets, 'statusClasses', STATUS_COLORS, (bucket) => bucket.label);
    fillCounts(byId('group-counts'), byGroup.buckets, (bucket) => bucket.label);
    const summary = byId('window-summary');
    summary.dataset.total = String(byTarget.total);
    summary.textContent = `${byTarget.total} requests in the window, ${byTarget.withoutTarget} without a target · sticky hit ${byTarget.sticky.hit}, miss ${byTarget.sticky.miss}, new ${byTarget.sticky.new}`;
  } catch (error) {
    byId('window-summary').textContent = `Could not read the distribution: ${error.message}`;
  }
}

let distributionTimer;
function scheduleDistribution() {
  if (distributionTimer !== undefined) return;
  distributionTimer = setTimeout(() => {
    distributionTimer = undefined;
    void refreshDistribution();
  }, DISTRIBUTION_REFRESH_MS);
}

// ---- live stream ------------------------------------------------------------------------------

let lastSeq = 0;

function time(ms) {
  return new Date(ms).toISOString().slice(11, 23);
}

function requestRow(entry) {
  const status = entry.elbStatusCode === null ? '—' : String(entry.elbStatusCode);
  const targetStatus = entry.targetStatusCode !== null && entry.targetStatusCode !== entry.elbStatusCode ? ` (target ${entry.targetStatusCode})` : '';
  const stickyReasons = entry.stickiness.map((each) => `${each.cookie} ${each.outcome}: ${each.reason}`).join('; ');
  const row = el('tr', { className: `status-${entry.statusClass}`, 'data-seq': entry.seq, 'data-session': entry.sessionFingerprint ?? '' },
    el('td', { className: 'mono nowrap' }, time(entry.receivedAtMs)),
    el('td', { className: 'mono nowrap' }, entry.client),
    el('td', { className: 'mono nowrap' },
      entry.sessionFingerprint === null
        ? '—'
        : el('button', { type: 'button', className: 'session', title: 'fingerprint of the sticky session: show only its requests', 'data-session': entry.sessionFingerprint }, entry.sessionFingerprint)),
    el('td', {}, `${entry.loadBalancerName}:${entry.listenerPort}`),
    el('td', { className: 'mono' }, entry.method === null ? entry.protocol : `${entry.method} ${entry.url}`),
    el('td', { className: 'mono', 'data-field': 'host' }, entry.host ?? '—'),
    el('td', { 'data-field': 'user-agent' }, entry.userAgent ?? '—'),
    el('td', {}, entry.matchedRule ?? '—', entry.actionsExecuted.length > 0 ? el('span', { className: 'dim' }, ` ${entry.actionsExecuted.join(',')}`) : null),
    el('td', {}, entry.targetGroupName ?? '—'),
    el('td', { className: 'mono nowrap', 'data-field': 'target' }, entry.target ?? '—'),
    el('td', { className: `sticky-${entry.sticky}`, title: stickyReasons || undefined }, entry.sticky === 'none' ? '—' : entry.sticky,
      stickyReasons ? el('div', { className: 'dim' }, stickyReasons) : null),
    el('td', { className: 'status' }, status, targetStatus, entry.errorReason ? el('div', { className: 'dim' }, entry.errorReason) : null),
    el('td', { className: 'mono nowrap' }, `${entry.latencyMs.toFixed(1)} ms`),
  );
  row.hidden = sessionFilter !== undefined && entry.sessionFingerprint !== sessionFilter;
  return row;
}

/** The session the stream shows alone (a fingerprint clicked), or undefined for all. */
let sessionFilter;

function filterSession(fingerprint) {
  sessionFilter = fingerprint;
  for (const row of byId('stream-rows').children) row.hidden = fingerprint !== undefined && row.dataset.session !== fingerprint;
  const chip = byId('session-filter');
  chip.hidden = fingerprint === undefined;
  chip.replaceChildren(fingerprint === undefined ? '' : `session ${fingerprint} only · show all`);
}

function showEntries(entries) {
  const fresh = entries.filter((entry) => entry.seq > lastSeq);
  if (fresh.length === 0) return;
  lastSeq = fresh[fresh.length - 1].seq;
  // Sequence numbers count every request since elbow started, kept or not.
  byId('totals').textContent = `${lastSeq} requests since start`;
  if (byId('pause').checked) return;
  const rows = byId('stream-rows');
  // Newest first.
  rows.prepend(...fresh.reverse().map(requestRow));
  while (rows.childElementCount > MAX_ROWS) rows.lastElementChild.remove();
  byId('stream-empty').hidden = true;
  scheduleDistribution();
}

function connectStream() {
  const connection = byId('connection');
  // `since` makes the server replay what came after the last entry shown; on reconnects the
  // browser's Last-Event-ID says the same.
  const source = new EventSource(`${API}/requests/stream?since=${lastSeq}`);
  source.addEventListener('open', () => {
    connection.dataset.state = 'live';
    connection.textContent = 'live';
  });
  source.addEventListener('request', (event) => showEntries([JSON.parse(event.data)]));
  source.addEventListener('error', () => {
    connection.dataset.state = 'reconnecting';
    connection.textContent = 'reconnecting…';
  });
}

// ---- cookie decoder ---------------------------------------------------------------------------

const COOKIE_FIELDS = [
  ['name', 'cookie'],
  ['kind', 'kind'],
  ['isValid', 'valid'],
  ['reason', 'reason'],
  ['targetGroupArn', 'target group'],
  ['target', 'target'],
  ['issuedAt', 'issued'],
  ['expiresAt', 'expires'],
];

async function decodeCookie(cookie) {
  const result = byId('cookie-result');
  result.replaceChildren(el('p', { className: 'dim' }, 'decoding…'));
  let response;
  try {
    response = await fetch(`${API}/decode-cookie`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cookie }) });
  } catch (error) {
    result.replaceChildren(el('p', { className: 'error' }, `elbow did not answer: ${error.message}`));
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (response.status === 404) {
    result.replaceChildren(el('p', { className: 'error' }, 'This elbow has no cookie decoder (POST /_elbow/api/decode-cookie is not served).'));
    return;
  }
  if (!response.ok) {
    result.replaceChildren(el('p', { className: 'error', 'data-error': body.error ?? response.status }, body.message ?? `HTTP ${response.status}`));
    return;
  }
  const rows = COOKIE_FIELDS.filter(([field]) => body[field] !== undefined && body[field] !== null).flatMap(([field, label]) => {
    const value = body[field];
    const text = field === 'target' ? `${value.id}:${value.port}` : String(value);
    return [el('dt', {}, label), el('dd', { className: 'mono', 'data-field': field }, text)];
  });
  result.replaceChildren(el('dl', {}, rows));
}

// ---- start ------------------------------------------------------------------------------------

async function start() {
  targetChart = barChart(byId('target-chart'));
  groupChart = barChart(byId('group-chart'));
  byId('window').addEventListener('change', () => void refreshDistribution());
  byId('pause').addEventListener('change', () => {
    if (!byId('pause').checked) void reloadRecent();
  });
  byId('stream-rows').addEventListener('click', (event) => {
    const button = event.target.closest('button.session');
    if (button !== null) filterSession(button.dataset.session);
  });
  byId('session-filter').addEventListener('click', () => filterSession(undefined));
  byId('cookie-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const cookie = byId('cookie-input').value.trim();
    if (cookie !== '') void decodeCookie(cookie);
  });
  await refreshResources();
  setInterval(() => void refreshResources(), RESOURCES_REFRESH_MS);
  await reloadRecent();
  connectStream();
}

/** Shows the latest requests the API holds (at start, and after a pause). */
async function reloadRecent() {
  try {
    const { requests, lastSeq: recorded } = await getJson('/requests?limit=200');
    byId('stream-rows').replaceChildren();
    byId('totals').textContent = `${recorded} requests since start`;
    lastSeq = 0;
    showEntries(requests);
  } catch (error) {
    byId('totals').textContent = `Could not read recent requests: ${error.message}`;
  }
  await refreshDistribution();
}

void start();
