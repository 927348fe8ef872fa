// Shared helpers of the dashboard pages: JSON fetches from this API, safe DOM building (text only, never HTML from
// data), the navigation bar, the page state the browser tests wait on, and charts drawn with the vendored ECharts.

/** Fetches JSON from this API; throws an Error with the problem's detail on a non-2xx answer. */
export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
    } catch {
      // not a problem document: keep the status line
    }
    throw new Error(detail);
  }
  return response.json();
}

/** Builds an element; string children become text nodes, so data is never parsed as HTML. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replaces the children of the element with the given id. */
export function fill(id, ...children) {
  const element = document.getElementById(id);
  element.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined));
  return element;
}

const pages = [
  ['index.html', '概览 Overview'],
  ['agency.html', '机关 Agency'],
  ['report.html', '报告 Report'],
  ['findings.html', '问题 Findings'],
  ['operations.html', '运行 Operations'],
];

/** Draws the navigation bar into <nav id="nav">, marking the current page. */
export function navigation(current) {
  const nav = document.getElementById('nav');
  nav.replaceChildren(
    h('span', { class: 'brand' }, '政府信息公开年报 · IngestionPipeline'),
    ...pages.map(([href, label]) => h('a', { href, class: href === current ? 'current' : null, 'aria-current': href === current ? 'page' : null }, label)),
    h('a', { href: '../openapi/v1.json', class: 'aside' }, 'OpenAPI'));
}

/** Runs the page's loader and records the outcome on <body data-state> ("ready" or "error") for people and tests. */
export async function run(load) {
  document.body.dataset.state = 'loading';
  try {
    await load();
    document.body.dataset.state = 'ready';
  } catch (error) {
    console.error(error);
    fill('error', h('p', { class: 'error' }, `无法加载 / could not load: ${error.message}`));
    document.body.dataset.state = 'error';
  }
}

/** Marks a page as busy again while it reloads part of its content (e.g. after a filter change). */
export async function reload(load) {
  document.body.dataset.state = 'loading';
  await run(load);
}

/** Query string parameter of the page's URL. */
export function param(name) {
  return new URLSearchParams(window.location.search).get(name);
}

const semanticText = { EMPTY: '空白', NA: '/', TEXT: '文字', MISSING: '缺失' };

/**
 * A cell's value as shown: the number, or what the cell holds instead (blank, "/", text, missing) — never a 0 that
 * the source did not print.
 */
export function showValue(value, semantic) {
  if (value !== null && value !== undefined) return formatNumber(value);
  return semanticText[semantic] || '—';
}

export function formatNumber(value) {
  return typeof value === 'number' ? value.toLocaleString('zh-CN', { maximumFractionDigits: 4 }) : String(value);
}

/**
 * Draws an ECharts chart into the element with the given id (the canvas renderer, no animation) and marks the
 * element data-rendered="true" once ECharts reports the frame finished.
 */
export function chart(id, option) {
  const element = document.getElementById(id);
  const existing = window.echarts.getInstanceByDom(element);
  if (existing) existing.dispose();
  element.dataset.rendered = 'false';
  const instance = window.echarts.init(element, null, { renderer: 'canvas' });
  instance.on('finished', () => { element.dataset.rendered = 'true'; });
  instance.setOption({ animation: false, tooltip: { trigger: 'item' }, ...option });
  window.addEventListener('resize', () => instance.resize());
  return instance;
}

/** A horizontal bar chart of [{ key, count }]. */
export function barChart(id, counts, title) {
  const sorted = [...counts].reverse();
  return chart(id, {
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map(c => c.key), axisLabel: { width: 220, overflow: 'truncate' } },
    series: [{ type: 'bar', data: sorted.map(c => c.count), label: { show: true, position: 'right' } }],
  });
}

/** A pie chart of [{ key, count }]. */
export function pieChart(id, counts, title) {
  return chart(id, {
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    series: [{ type: 'pie', radius: ['35%', '65%'], top: 24, data: counts.map(c => ({ name: c.key, value: c.count })), label: { formatter: '{b}: {c}' } }],
  });
}

/** A table with a header row and one row per item. */
export function table(columns, rows, attributes = {}) {
  return h('table', attributes,
    h('thead', {}, h('tr', {}, columns.map(c => h('th', {}, c)))),
    h('tbody', {}, rows));
}
