// Pools of realistic values for the factories: names, numbers and texts in the shapes of Regal's
// sample payloads. Phone numbers use the 555-01XX range, reserved for fiction; emails use
// example.com.

export const FIRST_NAMES = [
  'Jane',
  'Oliver',
  'Amara',
  'Diego',
  'Mei',
  'Noah',
  'Priya',
  'Lucas',
  'Sofia',
  'Kwame',
  'Hannah',
  'Mateo',
] as const;

export const LAST_NAMES = [
  'Doe',
  'Smith',
  'Okafor',
  'Hernandez',
  'Chen',
  'Johnson',
  'Patel',
  'Martin',
  'Rossi',
  'Mensah',
  'Schmidt',
  'Garcia',
] as const;

export const AGENTS = [
  { first: 'Rebecca', last: 'Greene' },
  { first: 'Marcus', last: 'Lee' },
  { first: 'Aisha', last: 'Bello' },
  { first: 'Tom', last: 'Novak' },
] as const;

export const AGENT_DOMAIN = 'yourbrand.com';

export const AREA_CODES = [212, 213, 312, 415, 512, 617, 646, 702, 713, 762, 917, 954] as const;

export const CAMPAIGNS = [
  { name: 'Life Insurance Quote Follow Up', friendlyId: 445 },
  { name: 'Abandoned Application', friendlyId: 312 },
  { name: 'Renewal Reminder', friendlyId: 518 },
  { name: 'Welcome Call', friendlyId: 101 },
] as const;

export const JOURNEYS = [
  { name: 'Post Call Follow Up', friendlyId: 220 },
  { name: 'Quote Follow Up', friendlyId: 231 },
  { name: 'New Lead Nurture', friendlyId: 187 },
] as const;

export const DISPOSITIONS = [
  'Converted During Convo',
  'Callback Requested',
  'Left Voicemail',
  'No Answer',
  'Not Interested',
] as const;

export const OBJECTIONS = ['price', 'timing', 'needs spouse approval', 'already covered'] as const;

export const ACTIVITIES = ['Available', 'Break', 'Busy', 'Lunch', 'Offline'] as const;

export const SUBSCRIPTION_SOURCES = [
  'Brand.web_form',
  'Brand.api',
  'Regal.agent_desktop',
  'Regal.sms_keyword',
] as const;

export const CONSENT_TEXT =
  'By checking this box you agree to receive calls and texts from Your Brand.';

export const EXPERIMENTS = [
  { name: 'Post Call Offer Test', variants: ['Aggressive Offer - 50%', 'Control'] },
  { name: 'Callback Timing Test', variants: ['Same Day', 'Next Day'] },
] as const;

export const CUSTOM_ATTRIBUTES = [
  { key: 'annual_income', values: ['150,000', '300,000', '85,000'] },
  { key: 'plan', values: ['basic', 'plus', 'premium'] },
  { key: 'preferred_contact_time', values: ['morning', 'afternoon', 'evening'] },
  { key: 'lead_score', values: [42, 67, 88] },
] as const;

export const SMS_TEXTS = [
  'Hi {name}, following up on your quote: reply YES to book a call.',
  'Hi {name}, your appointment is confirmed for tomorrow at 10am.',
  'Thanks {name}! Your application is complete. Reply STOP to opt out.',
] as const;

export const CONTACT_REPLIES = ['YES', 'Can you call me after 5pm?', 'Thanks!'] as const;

export const CARRIER_ERROR_CODES = [30003, 30005, 30006, 30007] as const;

export const EMAIL_SUBJECTS = ['Your quote', 'Next steps for your application', 'Renewal'] as const;

export const TRACKERS = ['pricing', 'term length', 'competitor', 'callback'] as const;

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

export const IVR_FLOWS = ['Main Menu', 'Billing', 'After Hours'] as const;

export const TASK_TYPES = ['Outbound Call', 'Outbound SMS', 'Callback', 'Custom Task'] as const;

export const TASK_TITLES = [
  'Send the signed application',
  'Confirm beneficiary details',
  'Upload proof of address',
] as const;

export const OBJECT_TYPES = ['policy', 'application', 'appointment'] as const;
