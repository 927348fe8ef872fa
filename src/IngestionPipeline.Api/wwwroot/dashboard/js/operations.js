import { barChart, chart, fill, getJson, h, navigation, reload, run, table } from './common.js';

navigation('operations.html');

const statuses = ['Submitted', 'Extracted', 'Normalized', 'Validated', 'VersionCreated', 'Unchanged', 'Rejected', 'Failed'];

async function load() {
  const view = await getJson('api/operations');
  fill('refreshed', `更新于 refreshed ${new Date().toLocaleString('zh-CN')} · 每 15 秒刷新 refreshes every 15 s`);

  const broker = view.broker;
  fill('queues', !broker.configured
    ? h('p', { class: 'muted', id: 'no-broker' }, '未配置 RabbitMQ：流水线在 API 进程内运行，没有队列。No RabbitMq:Uri: the pipeline runs inside the API process, there are no queues.')
    : broker.error
      ? h('p', { class: 'error' }, broker.error)
      : table(['阶段 Stage', '队列 Queue', '消息 Messages', '消费者 Consumers', '错误队列 Error queue', '错误消息 Error messages'],
        broker.queues.map(q => h('tr', {},
          h('td', {}, q.stage),
          h('td', {}, q.exists ? q.queue : `${q.queue} (not declared)`),
          h('td', { class: 'num' }, q.messages),
          h('td', { class: 'num' }, q.consumers),
          h('td', {}, q.errorQueue),
          h('td', { class: `num ${q.errorMessages > 0 ? 'error' : ''}` }, q.errorMessages))), { id: 'queue-table' }));

  const windows = view.throughput;
  const present = statuses.filter(s => windows.some(w => (w.byStatus[s] ?? 0) > 0));
  chart('chart-throughput', {
    title: { text: '按状态的摄取 Ingestions by status', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: present.length ? present : ['(none)'] },
    yAxis: { type: 'value', minInterval: 1 },
    series: windows.map(w => ({ name: w.window, type: 'bar', data: present.map(s => w.byStatus[s] ?? 0) })),
  });
  fill('throughput', table(['窗口 Window', ...statuses],
    windows.map(w => h('tr', {}, h('td', {}, w.window), statuses.map(s => h('td', { class: 'num' }, w.byStatus[s] ?? 0)))),
    { id: 'throughput-table' }));

  barChart('chart-reasons', view.problemsByReason.map(r => ({ key: `${r.status} · ${r.reasonCode}`, count: r.count })), '拒绝与失败的原因 Rejections and failures by reason');
  fill('reasons', view.problemsByReason.length === 0
    ? h('p', { class: 'muted' }, '近 7 天没有拒绝或失败。No rejection or failure in the last 7 days.')
    : table(['状态 Status', '阶段 Stage', '原因 Reason code', '次数 Count'],
      view.problemsByReason.map(r => h('tr', {}, h('td', {}, r.status), h('td', {}, r.stage ?? ''), h('td', {}, r.reasonCode), h('td', { class: 'num' }, r.count))),
      { id: 'reason-table' }));
  fill('problems', view.recentProblems.length === 0 ? null : [
    h('h2', {}, '最近 Most recent'),
    table(['时间 Updated', '文件 File', '状态 Status', '阶段 Stage', '原因 Reason', '摄取 Ingestion'],
      view.recentProblems.map(p => h('tr', {},
        h('td', {}, new Date(p.updatedAt).toLocaleString('zh-CN')),
        h('td', {}, p.fileName),
        h('td', {}, p.status),
        h('td', {}, p.stage ?? ''),
        h('td', {}, `${p.reasonCode ?? ''} ${p.reason ?? ''}`.trim()),
        h('td', {}, h('a', { href: `../ingestions/${p.ingestionId}` }, p.ingestionId)))), { id: 'problem-table' })]);
}

run(load);
setInterval(() => reload(load), 15000);
