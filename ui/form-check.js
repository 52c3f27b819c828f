// @ts-check
// A card that edits one section of the working team on a screen of its own (Billing's
// [billing], the Server screen's [infra]; the Team screen edits the rest of the same file):
// its controller — a change marks the team unsaved and checks it soon, problems go under
// their fields, Save and Discard — and the parts both cards draw alike: what stands in while
// there is no team, the card that adds the section, and the card's head and foot.
// team-form.js has what all three editing screens share.

import { h, spinner } from './dom.js';
import { t } from './i18n.js';
import { errorPanel } from './errors.js';
import { sectionTitle } from './parts.js';
import { markEdited } from './team-store.js';
import {
  fieldError, checkNow, placeProblems, updateSaveBar, saveForm, discardForm, saveControls,
} from './team-form.js';

/** Milliseconds of quiet typing before the team is checked. */
const VALIDATE_DELAY = 250;

const noop = () => {};

/**
 * @typedef {import('./team-form.js').Slot} Slot
 * @typedef {import('./team-form.js').Problem} Problem
 * The state of a screen with a section card: the form, whether it was just saved, the team
 * the card was drawn for, and the screen's own read of the team (while the app's is not done).
 * @typedef {import('./team-form.js').FormView & { justSaved: boolean, team: any,
 *   loadingTeam: boolean, teamError: import('./api.js').AppError|null }} CardView
 * What a section card's controller offers its screen (and the card's parts below).
 * @typedef {{ view: CardView, section: 'billing'|'infra',
 *   fieldError: (field: string, input: HTMLElement|null) => HTMLElement,
 *   changed: () => void, structural: () => void, validateNow: () => Promise<Problem[]>,
 *   applyProblems: () => void, save: () => Promise<void>, discard: () => void }} CardForm
 */

/**
 * The controller of a section card.
 * @param {CardView} view the screen's state
 * @param {{ section: 'billing'|'infra', saveKey: string, slotFor: (field: string) => Slot|null,
 *   redraw: () => void, edited?: () => void, checked?: () => void, saved?: () => void }} how
 *   `section`: what markEdited is told, and the start of the card's ids (`<section>-save`,
 *   `<section>-saved`); `saveKey`: i18n key of the idle Save label; `slotFor`: where a
 *   field's problems go; `redraw`: draw the card again (and what follows from its values);
 *   `edited`: the team just became unsaved; `checked`: a check answered (its problems are
 *   placed); `saved`: a save wrote the file.
 * @returns {CardForm}
 */
export function formCheck(view, { section, saveKey, slotFor, redraw, edited = noop, checked = noop, saved = noop }) {
  /** Save button, status text and Discard: updated in place so typing keeps its focus. */
  const update = () => updateSaveBar(view, saveKey);

  /** Show every problem under its field (the rest in the list at the top) and update Save. */
  function applyProblems() {
    placeProblems(view, slotFor);
    update();
  }

  /** Check the whole team now; resolves to the problems found. */
  const validateNow = () => checkNow(view, update, () => {
    applyProblems();
    checked();
  });

  function markDirty() {
    const { store } = view.ctx;
    const was = store.teamDirty;
    markEdited(store, section);
    if (view.justSaved) {
      view.justSaved = false;
      document.getElementById(`${section}-saved`)?.remove();
    }
    if (!was) {
      view.ctx.refresh();
      edited();
    }
  }

  return {
    view,
    section,

    /** Where the problems of `field` appear, linked to `input` for screen readers. */
    fieldError: (field, input) => fieldError(view, field, input),

    /** After a change of a value: mark unsaved and check soon. */
    changed() {
      markDirty();
      view.pending = true;
      clearTimeout(view.timer);
      view.timer = setTimeout(validateNow, VALIDATE_DELAY);
      update();
    },

    /** After adding or removing something: draw the card again and check now. */
    structural() {
      markDirty();
      redraw();
      validateNow();
    },

    validateNow,
    applyProblems,

    /** Check, then write the working team file. */
    async save() {
      const wrote = await saveForm(view, update, validateNow);
      view.justSaved = wrote;
      view.ctx.refresh();
      redraw();
      if (wrote) saved();
    },

    /** Back to the team as last saved (the other screens' edits too: they are one file). */
    discard() {
      discardForm(view);
      view.justSaved = false;
      view.ctx.refresh();
      redraw();
      validateNow();
      document.getElementById(`${section}-save`)?.focus();
    },
  };
}

// ---------------------------------------------------------------------------------------
// The card's parts (ids start with the section: billing-…, infra-…)

/**
 * Start drawing the card: the old card's fields are forgotten. While there is no team, what
 * stands in for the card is returned: reading it (`<section>-team-loading`), or none
 * (`<section>-no-team`, with why the screen's read failed and the way to the Team screen).
 * Another team than the card was drawn for: `forget` what was typed for the old one.
 * @param {CardForm} card @param {string} helpKey i18n key of what the screen needs a team for
 * @param {() => void} forget
 * @returns {HTMLElement|null}
 */
export function teamStandIn(card, helpKey, forget) {
  const { view, section } = card;
  const { store } = view.ctx;
  view.fields = new Map();
  view.els = {};
  if (!store.team && (view.loadingTeam || !store.teamLoaded)) {
    return h('p', { class: 'muted', id: `${section}-team-loading`, role: 'status' }, spinner(), ' ',
      h('span', { 'data-i18n': 'team.loading' }));
  }
  if (!store.team) {
    return h('div', { class: 'callout info', id: `${section}-no-team`, role: 'status' },
      h('strong', { 'data-i18n': 'billing.no_team' }),
      h('p', { 'data-i18n': helpKey }),
      view.teamError ? errorPanel(view.teamError, `${section}-team-error`) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: `${section}-open-team`, onclick: () => view.ctx.go('team') },
          h('span', { 'data-i18n': 'plan.open_team' }))));
  }
  if (store.team !== view.team) {
    // Another team was created or imported on the Team screen: forget what was typed here.
    view.team = store.team;
    forget();
  }
  return null;
}

/**
 * The card while the team has no such section: what it is (`<section>.none`, `.none_help`)
 * and one button to add it.
 * @param {CardForm} card @param {string} id the button's id @param {string} key its label's i18n key
 * @param {() => void} add
 */
export function addCard({ section }, id, key, add) {
  return h('section', { class: 'card', id: `${section}-settings` },
    sectionTitle(`${section}.settings`, null),
    h('p', { 'data-i18n': `${section}.none` }),
    h('p', { class: 'muted small', 'data-i18n': `${section}.none_help` }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id, class: 'primary', onclick: add },
        h('span', { 'aria-hidden': 'true' }, '+'), h('span', { 'data-i18n': key }))));
}

/**
 * The card with its fields: title and help (`<section>.settings`, `.settings_help`), the
 * problems of other sections, `fields`, then the save bar with a button that removes the
 * section, why saving failed, and "saved" (`<section>.saved`, `.saved_help`) until the next edit.
 * @param {CardForm} card @param {(Node|null)[]} fields
 * @param {{ remove: { id: string, key: string, help: string, onclick: () => void },
 *   problemsAction?: Node, savedAction?: Node }} parts `remove`: the button's id, the i18n keys
 *   of its label and title; the actions under the problems' list and under "saved", if any
 */
export function formCard(card, fields, { remove, problemsAction, savedAction }) {
  const { view, section } = card;
  return h('section', { class: 'card', id: `${section}-settings` },
    sectionTitle(`${section}.settings`, null),
    h('p', { class: 'muted small', 'data-i18n': `${section}.settings_help` }),
    otherProblems(card, problemsAction),
    ...fields,
    saveBar(card, remove),
    view.saveError ? errorPanel(view.saveError, `${section}-save-error`) : null,
    savedCallout(card, savedAction));
}

/** Problems of other parts of the team: they block saving too, and are fixed on Team. */
function otherProblems({ view, section }, action) {
  const list = h('ul', { class: 'problem-list' });
  const box = h('div', { class: 'callout danger', id: `${section}-problems`, role: 'alert', hidden: true },
    h('strong', { 'data-i18n': `${section}.other_problems` }), list,
    action ? h('div', { class: 'actions' }, action) : null);
  Object.assign(view.els, { problems: box, problemItems: list });
  return box;
}

function saveBar(card, { id, key, help, onclick }) {
  const { section } = card;
  const { save, state, discard } = saveControls(card.view, {
    save: `${section}-save`, status: `${section}-save-status`, discard: `${section}-discard`,
    onSave: card.save, onDiscard: card.discard,
  });
  const remove = h('button', { type: 'button', id, class: 'quiet', title: t(help), onclick },
    h('span', { 'data-i18n': key }));
  return h('div', { class: 'actions save-bar' }, save, state, discard, h('span', { class: 'spacer' }), remove);
}

function savedCallout({ view, section }, action) {
  const { store } = view.ctx;
  if (!view.justSaved || store.teamDirty) return null;
  return h('div', { class: 'callout ok', id: `${section}-saved`, role: 'status' },
    h('strong', { 'data-i18n': `${section}.saved` }),
    h('p', { 'data-i18n': `${section}.saved_help` }),
    action ? h('div', { class: 'actions' }, action) : null);
}
