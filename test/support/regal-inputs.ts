import type { TrackEventInput } from '../../src/index.js';

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
