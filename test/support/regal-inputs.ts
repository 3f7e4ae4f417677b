import type { CreateContactInput, TrackEventInput } from '../../src/index.js';

/** The contact of step 1 of Braze's partner page (create a contact), placeholders filled in. */
export const PARTNER_CREATE_CONTACT_INPUT: CreateContactInput = {
  userId: 'user-8841',
  traits: {
    phone: '+17625555555',
    email: 'jane.doe@example.com',
    firstName: 'Jane',
    lastName: 'Doe',
    optIn: [
      { channel: 'voice', source: 'Spring signup', subscribed: true },
      { channel: 'sms', source: 'Spring signup', subscribed: true },
    ],
    custom1: 'gold',
    custom2: 'referral',
  },
};

/** The custom event of step 3 of Braze's partner page ("Application Step 1 Completed"), placeholders filled in. */
export const PARTNER_CUSTOM_EVENT_INPUT: TrackEventInput = {
  userId: 'user-8841',
  traits: {
    phone: '+17625555555',
    firstName: 'Jane',
    lastName: 'Doe',
    custom1: 'gold',
    custom2: 'referral',
    custom3: '2024',
  },
  name: 'Application Step 1 Completed',
  properties: {
    educationalLevel: 'bachelor',
    preferredLocation: 'Lyon',
    preferredSubject: 'mathematics',
    readytoCommit: true,
  },
};
