// @ts-check
// The first-hour guide: its steps and the state its parts share. Imports nothing from the other
// connect-guide-*.js modules, so the module graph has no cycles.


export const DONE_KEY = 'baseline.guide.done';
/** How often the clipboard countdown is updated (ms). */
export const TICK = 250;

const SECURITY_CREDENTIALS_URL = 'https://console.aws.amazon.com/iam/home#/security_credentials';

/**
 * The steps, in order. `items` are [text key, English console term key or null]; the term is
 * shown (small) on the Korean screen only, where the text uses the console's Korean words.
 */
export const GUIDE_STEPS = [
  {
    id: 'mailbox', title: 'guide.mailbox.title', term: 'guide.term.mailbox',
    url: 'https://accounts.google.com/signup', secret: 'mailbox-password',
    items: [
      ['guide.mailbox.open', null], ['guide.mailbox.personal', 'guide.term.personal'],
      ['guide.mailbox.address', 'guide.term.gmail'], ['guide.mailbox.password', null],
      ['guide.mailbox.recovery', 'guide.term.recovery'], ['guide.mailbox.finish', null],
    ],
  },
  {
    id: 'signup', title: 'guide.signup.title', term: 'guide.term.signup',
    url: 'https://portal.aws.amazon.com/billing/signup', secret: 'root-password',
    items: [
      ['guide.signup.email', 'guide.term.root_email'], ['guide.signup.password', 'guide.term.root_password'],
      ['guide.signup.contact', 'guide.term.contact'], ['guide.signup.card', 'guide.term.billing_info'],
      ['guide.signup.phone', 'guide.term.identity'], ['guide.signup.support', 'guide.term.support'],
    ],
  },
  {
    id: 'root-mfa', title: 'guide.mfa.title', term: 'guide.term.assign_mfa', url: SECURITY_CREDENTIALS_URL,
    items: [
      ['account.guide.sign_in', null], ['account.guide.menu', 'guide.term.security_credentials'],
      ['account.guide.assign', 'guide.term.assign_mfa'], ['account.guide.app', 'guide.term.authenticator'],
      ['account.guide.scan', 'guide.term.show_qr'], ['account.guide.codes', 'guide.term.mfa_codes'],
    ],
  },
  {
    id: 'admin-user', title: 'guide.admin.title', term: 'guide.term.create_user',
    url: 'https://console.aws.amazon.com/iam/home#/users/create',
    items: [
      ['guide.admin.open', 'guide.term.create_user'], ['guide.admin.name', 'guide.term.user_name'],
      ['guide.admin.console', 'guide.term.console_access'], ['guide.admin.password', 'guide.term.custom_password'],
      ['guide.admin.policy', 'guide.term.attach_policies'], ['guide.admin.create', 'guide.term.sign_in_url'],
    ],
  },
  {
    id: 'access-key', title: 'guide.key.title', term: 'guide.term.create_key',
    url: 'https://console.aws.amazon.com/iam/home#/users',
    items: [
      ['guide.key.user', 'guide.term.users'], ['guide.key.tab', 'guide.term.create_key'],
      ['guide.key.use_case', 'guide.term.cli'], ['guide.key.shown', 'guide.term.key_values'],
      ['guide.key.no_csv', 'guide.term.csv'],
    ],
  },
  { id: 'paste', title: 'guide.paste.title', term: null, url: null, items: [] },
];

/** The guide's state, kept across re-renders (language switch, navigation). */
export const guideView = {
  open: false,
  /** A step to bring into view at the next drawing. */
  focus: '',
  /** Done steps shown in full anyway. */
  expanded: new Set(),

  // The setup passwords (secrets_list, secret_generate, secret_copy)
  /** @type {import('../api.js').SecretListing|null} */ listing: null,
  listingLoading: false,
  /** @type {import('../api.js').AppError|null} */ listingError: null,
  /** the kind being generated */ generating: '',
  /** the kind whose replacement waits for a confirmation */ confirm: '',
  /** @type {Map<string, import('../api.js').AppError>} kind → why its last action failed */ errors: new Map(),
  /** @type {Map<string, number>} kind → when the clipboard is cleared (ms) */ copied: new Map(),
  /** @type {Set<string>} kinds being copied */ copying: new Set(),
  timer: 0,

  // The paste form (login_save). The secret is never kept here.
  keyId: '',
  region: '',
  busy: false,
  /** @type {{ id: string, secret: string }} inline problems (i18n keys) */ problems: { id: '', secret: '' },
  /** @type {import('../api.js').AppError|null} */ error: null,
  /** @type {import('../api.js').Identity|null} the identity the pasted key connected as */ result: null,

  // Removing the stored login from the keychain note
  logout: '',
};
