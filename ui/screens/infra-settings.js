// @ts-check
// Server, database & domain: the Settings card — the team file's [infra], checked as you
// type and saved with the rest of the working team (the file Team and Billing also edit).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { inputWithValue } from '../team-form.js';
import { teamStandIn, addCard, formCard } from '../form-check.js';
import { view, teamInfra } from './infra-state.js';
import { card, fieldError, changed, structural } from './infra-check.js';

export const INSTANCE_TYPES = ['t3.micro', 't3.small', 't3.medium', 't4g.micro', 't4g.small', 't4g.medium'];
export const DB_CLASSES = ['db.t4g.micro', 'db.t4g.small', 'db.t4g.medium', 'db.t3.micro', 'db.t3.small'];
export const ENGINES = { postgres: ['13', '14', '15', '16', '17'], mysql: ['8.0', '8.4'], mariadb: ['10.5', '10.6', '10.11', '11.4'] };
const DEFAULT_VERSION = { postgres: '16', mysql: '8.0', mariadb: '10.11' };
const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'TXT', 'MX'];

const newServer = () => ({ instance_type: 't3.micro', disk_gb: 20, ssh_from: [], open_ports: [80, 443], static_ip: true });
const newDatabase = () => ({
  engine: 'postgres', version: '16', instance_class: 'db.t4g.micro', storage_gb: 20, backup_days: 7,
  final_snapshot: true, password: 'keychain',
});
const newDns = () => ({
  domain: '', registrar: 'gabia',
  records: [{ name: '@', type: 'A', to: 'server' }, { name: 'www', type: 'CNAME', to: '@' }],
});

/** The settings card, or what stands in for it while there is no team. */
export function settingsPart() {
  const standIn = teamStandIn(card, 'infra.no_team_help', () => { view.raw = {}; });
  if (standIn) return standIn;
  const infra = teamInfra(view.ctx.store);
  // No [infra] yet: what it is, and one button to start with a server.
  if (!infra) return addCard(card, 'infra-start', 'infra.start', start);
  return form(infra);
}

function start() {
  const team = /** @type {any} */ (view.ctx.store.team);
  team.infra = { name: 'hustle', protect: true, server: newServer() };
  structural();
  document.getElementById('infra-name')?.focus();
}

function form(infra) {
  const name = text('infra-name', 'infra.name', infra.name, (v) => { infra.name = v; }, { placeholder: 'hustle', 'aria-describedby': 'infra-name-help' });
  return formCard(card, [
    h('div', { class: 'field' },
      h('label', { for: 'infra-name', 'data-i18n': 'infra.name_label' }), name,
      h('p', { id: 'infra-name-help', class: 'muted small', 'data-i18n': 'infra.name_help' }),
      fieldError('infra.name', name)),
    check('infra-protect', 'infra.protect', 'infra.protect_help', infra.protect !== false, (on) => { infra.protect = on; }),
    infra.server ? serverBlock(infra) : addButton('infra-add-server', 'infra.add_server', () => { infra.server = newServer(); }),
    infra.database ? databaseBlock(infra) : addButton('infra-add-database', 'infra.add_database', () => { infra.database = newDatabase(); }),
    infra.dns ? dnsBlock(infra) : addButton('infra-add-dns', 'infra.add_dns', () => { infra.dns = newDns(); }),
  ], {
    remove: {
      id: 'infra-settings-remove', key: 'infra.forget', help: 'infra.forget_help',
      onclick: () => { delete /** @type {any} */ (view.ctx.store.team).infra; structural(); },
    },
  });
}

function serverBlock(infra) {
  const s = infra.server;
  const type = select('infra-instance-type', INSTANCE_TYPES, s.instance_type, (v) => { s.instance_type = v; });
  const disk = number('infra-disk', 'infra.server.disk_gb', s.disk_gb, (n) => { s.disk_gb = n; });
  const ssh = list('infra-ssh-from', 'infra.server.ssh_from', s.ssh_from ?? [], (l) => { s.ssh_from = l; }, (x) => x, '203.0.113.7/32');
  const ports = list('infra-open-ports', 'infra.server.open_ports', s.open_ports ?? [], (l) => { s.open_ports = l; }, Number, '80, 443');
  return block('infra-server', 'infra.server_title', 'term.ec2_instance', () => { delete infra.server; },
    field('infra-instance-type', 'infra.instance_type', 'term.instance_type', type, 'infra.server.instance_type', 'infra.instance_type_help'),
    field('infra-disk', 'infra.disk_gb', 'term.ebs_volume', unit(disk, 'GB'), 'infra.server.disk_gb', null, disk),
    field('infra-ssh-from', 'infra.ssh_from', 'term.inbound_rules', ssh, 'infra.server.ssh_from', 'infra.ssh_from_help'),
    field('infra-open-ports', 'infra.open_ports', null, ports, 'infra.server.open_ports', 'infra.open_ports_help'),
    check('infra-static-ip', 'infra.static_ip', 'infra.static_ip_help', s.static_ip !== false, (on) => { s.static_ip = on; }));
}

function databaseBlock(infra) {
  const d = infra.database;
  const engine = select('infra-engine', Object.keys(ENGINES), d.engine, (v) => {
    d.engine = v;
    d.version = DEFAULT_VERSION[v];
    structural();
  }, true);
  const version = select('infra-db-version', ENGINES[d.engine] ?? [], d.version ?? DEFAULT_VERSION[d.engine], (v) => { d.version = v; });
  const cls = select('infra-db-class', DB_CLASSES, d.instance_class, (v) => { d.instance_class = v; });
  const storage = number('infra-db-storage', 'infra.database.storage_gb', d.storage_gb, (n) => { d.storage_gb = n; });
  const backups = number('infra-db-backups', 'infra.database.backup_days', d.backup_days, (n) => { d.backup_days = n; });
  const pw = select('infra-db-password', ['keychain', 'aws-managed'], d.password ?? 'keychain', (v) => { d.password = v; }, false,
    (v) => t(`infra.password.${v}`));
  return block('infra-database', 'infra.database_title', 'term.rds', () => { delete infra.database; },
    field('infra-engine', 'infra.engine', 'term.engine', engine, 'infra.database.engine'),
    field('infra-db-version', 'infra.version', 'term.engine_version', version, 'infra.database.version'),
    field('infra-db-class', 'infra.instance_class', 'term.db_instance_class', cls, 'infra.database.instance_class'),
    field('infra-db-storage', 'infra.storage_gb', 'term.allocated_storage', unit(storage, 'GB'), 'infra.database.storage_gb', null, storage),
    field('infra-db-backups', 'infra.backup_days', 'term.backup_retention', unit(backups, t('infra.days_unit')), 'infra.database.backup_days', 'infra.backup_days_help', backups),
    check('infra-final-snapshot', 'infra.final_snapshot', 'infra.final_snapshot_help', d.final_snapshot !== false, (on) => { d.final_snapshot = on; }),
    field('infra-db-password', 'infra.password_label', null, pw, 'infra.database.password', 'infra.password_help'));
}

function dnsBlock(infra) {
  const d = infra.dns;
  d.records ??= [];
  const domain = text('infra-domain', 'infra.dns.domain', d.domain, (v) => { d.domain = v; }, { placeholder: 'example.co.kr' });
  const registrar = select('infra-registrar', ['gabia', 'other'], d.registrar ?? 'gabia', (v) => {
    d.registrar = v;
    view.guide = null;
    view.draw.dns?.();
  }, false, (v) => t(`infra.registrar.${v}`));
  const rows = d.records.map((r, i) => {
    const kind = select(`infra-record-${i}-type`, RECORD_TYPES, r.type, (v) => { r.type = v; });
    const nm = text(`infra-record-${i}-name`, `infra.dns.records[${i}].name`, r.name, (v) => { r.name = v; }, { 'aria-label': t('infra.record_name') });
    const to = text(`infra-record-${i}-to`, `infra.dns.records[${i}].to`, r.to, (v) => { r.to = v; }, { 'aria-label': t('infra.record_to') });
    kind.setAttribute('aria-label', t('infra.record_type'));
    return h('tr', { id: `infra-record-${i}` },
      h('td', {}, nm), h('td', {}, kind), h('td', {}, to),
      h('td', {}, h('button', {
        type: 'button', class: 'icon-button', id: `infra-record-${i}-remove`, title: t('infra.record_remove'),
        'aria-label': t('infra.record_remove'), onclick: () => { d.records.splice(i, 1); structural(); },
      }, '×')),
      h('td', { class: 'record-error' }, fieldError(`infra.dns.records[${i}]`, null)));
  });
  return block('infra-dns', 'infra.dns_title', 'term.route53', () => { delete infra.dns; },
    field('infra-domain', 'infra.domain', 'term.hosted_zone', domain, 'infra.dns.domain', 'infra.domain_help'),
    field('infra-registrar', 'infra.registrar_label', null, registrar, 'infra.dns.registrar'),
    h('fieldset', { class: 'plain' },
      h('legend', {}, h('span', { 'data-i18n': 'infra.records' }), h('span', { class: 'aws-term', 'data-i18n': 'term.records' })),
      h('p', { class: 'muted small', 'data-i18n': 'infra.records_help' }),
      h('table', { class: 'records-table', id: 'infra-records' },
        h('thead', {}, h('tr', {},
          h('th', { 'data-i18n': 'infra.record_name' }), h('th', { 'data-i18n': 'infra.record_type' }),
          h('th', { 'data-i18n': 'infra.record_to' }), h('th', {}), h('th', {}))),
        h('tbody', {}, ...rows)),
      h('button', {
        type: 'button', id: 'infra-record-add',
        onclick: () => { d.records.push({ name: '', type: 'A', to: 'server' }); structural(); },
      }, h('span', { 'aria-hidden': 'true' }, '+'), h('span', { 'data-i18n': 'infra.record_add' })),
      fieldError('infra.dns.records', null)));
}

// ---------------------------------------------------------------------------------------
// Parts

function block(id, titleKey, termKey, remove, ...children) {
  return h('fieldset', { class: 'plain infra-block', id },
    h('legend', {}, h('span', { 'data-i18n': titleKey }), h('span', { class: 'aws-term', 'data-i18n': termKey })),
    ...children,
    h('div', { class: 'actions' }, h('button', {
      type: 'button', class: 'quiet', id: `${id}-remove`, onclick: () => { remove(); structural(); },
    }, h('span', { 'data-i18n': `${titleKey}_remove` }))));
}

function addButton(id, key, add) {
  return h('div', { class: 'actions infra-add' }, h('button', {
    type: 'button', id, onclick: () => { add(); structural(); },
  }, h('span', { 'aria-hidden': 'true' }, '+'), h('span', { 'data-i18n': key })));
}

/**
 * @param {string} id @param {string} labelKey @param {string|null} termKey @param {HTMLElement} control
 * @param {string} problemField @param {string|null} [helpKey] @param {HTMLElement|null} [mark] the input inside `control`
 */
function field(id, labelKey, termKey, control, problemField, helpKey = null, mark = null) {
  const help = helpKey ? h('p', { id: `${id}-help`, class: 'muted small', 'data-i18n': helpKey }) : null;
  const input = mark ?? control;
  if (help) input.setAttribute('aria-describedby', `${id}-help`);
  return h('div', { class: 'field' },
    h('label', { for: id }, h('span', { 'data-i18n': labelKey }), termKey ? h('span', { class: 'aws-term', 'data-i18n': termKey }) : null),
    control, help, fieldError(problemField, input));
}

function check(id, labelKey, helpKey, on, set) {
  const box = h('input', { type: 'checkbox', id, checked: on, 'aria-describedby': `${id}-help`, onchange: (e) => { set(e.target.checked); changed(); view.draw.cost?.(); } });
  return h('label', { class: 'check', for: id }, box,
    h('span', { class: 'check-body' }, h('span', { 'data-i18n': labelKey }),
      h('span', { id: `${id}-help`, class: 'muted small', 'data-i18n': helpKey })));
}

const unit = (input, u) => h('div', { class: 'inline' }, input, h('span', { class: 'muted small' }, u));

function text(id, field, value, set, attrs = {}) {
  return inputWithValue({
    type: 'text', id, autocomplete: 'off', spellcheck: 'false', ...attrs,
    oninput: (e) => { set(e.target.value.trim()); changed(); },
  }, value);
}

function number(id, field, value, set) {
  return inputWithValue({
    type: 'number', id, class: 'amount', min: 0, step: 1, inputmode: 'numeric',
    oninput: (e) => {
      const raw = e.target.value.trim();
      const n = Number(raw);
      if (raw === '' || !Number.isInteger(n)) view.local.set(field, { code: 'whole_number', params: { min: 0, max: 65535 } });
      else {
        view.local.delete(field);
        set(n);
      }
      changed();
      view.draw.cost?.();
    },
  }, String(value ?? ''));
}

function select(id, options, value, set, redraw = false, label = (v) => v) {
  const all = options.includes(value) || !value ? options : [value, ...options];
  return h('select', {
    id, onchange: (e) => { set(e.target.value); if (!redraw) { changed(); view.draw.cost?.(); } },
  }, ...all.map((o) => h('option', { value: o, selected: o === value }, label(o))));
}

/** A comma-separated list (CIDRs, ports); what was typed stays as typed. */
function list(id, field, values, set, parse, placeholder) {
  const raw = view.raw[field] ?? values.join(', ');
  return inputWithValue({
    type: 'text', id, autocomplete: 'off', spellcheck: 'false', placeholder, class: 'wide-input',
    oninput: (e) => {
      view.raw[field] = e.target.value;
      const items = e.target.value.split(/[\s,]+/).filter(Boolean);
      const bad = items.find((x) => Number.isNaN(/** @type {any} */ (parse(x))));
      if (bad) view.local.set(field, { code: 'whole_number', params: { min: 0, max: 65535 } });
      else view.local.delete(field);
      if (!bad) set(items.map(parse));
      changed();
    },
  }, raw);
}
