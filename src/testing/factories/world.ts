import { Random } from './random.js';
import {
  AGENT_DOMAIN,
  AGENTS,
  AREA_CODES,
  CAMPAIGNS,
  FIRST_NAMES,
  JOURNEYS,
  LAST_NAMES,
} from './values.js';

/** The contact an event concerns. */
export interface WorldContact {
  readonly userId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: string;
  readonly email: string;
  readonly ip: string;
  readonly profileId: string;
}

/** Everything the events of one seed share: contact, agent, brand line, campaign, journey, time. */
export interface World {
  readonly contact: WorldContact;
  readonly agent: { readonly firstName: string; readonly fullName: string; readonly email: string };
  /** The brand's Regal phone line. */
  readonly brandPhone: string;
  readonly campaign: { readonly name: string; readonly friendlyId: number };
  readonly journey: { readonly uuid: string; readonly name: string; readonly friendlyId: number };
  /** A default event time (Unix seconds): a working hour of 2024, UTC. */
  readonly defaultTime: number;
}

const YEAR_2024 = 1_704_067_200;
const DAY = 86_400;
const HOUR = 3_600;

/** A fictional US number: +1, an area code, 555-01XX. */
function phone(random: Random): string {
  return `+1${random.pick(AREA_CODES)}55501${String(random.int(0, 99)).padStart(2, '0')}`;
}

/** The world of `seed`: the same for every event name, so events of one seed tell one story. */
export function worldOf(seed: string): World {
  const random = new Random(seed, 'world');
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const agent = random.pick(AGENTS);
  const campaign = random.pick(CAMPAIGNS);
  const journey = random.pick(JOURNEYS);
  const contactPhone = phone(random);
  let brandPhone = phone(random);
  while (brandPhone === contactPhone) brandPhone = phone(random);
  return {
    contact: {
      userId: String(random.int(100_000, 9_999_999)),
      firstName,
      lastName,
      phone: contactPhone,
      email: `${firstName}.${lastName}${random.int(1, 99)}@example.com`.toLowerCase(),
      ip: `203.0.113.${random.int(1, 254)}`,
      profileId: `prof_${random.hex(8)}`,
    },
    agent: {
      firstName: agent.first,
      fullName: `${agent.first} ${agent.last}`,
      email: `${agent.first.toLowerCase()}@${AGENT_DOMAIN}`,
    },
    brandPhone,
    campaign: { name: campaign.name, friendlyId: campaign.friendlyId },
    journey: { uuid: random.uuid(), name: journey.name, friendlyId: journey.friendlyId },
    defaultTime: YEAR_2024 + random.int(0, 365) * DAY + random.int(13 * HOUR, 23 * HOUR),
  };
}
