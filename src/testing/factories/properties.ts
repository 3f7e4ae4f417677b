// The `properties` of each Regal event, built from a seed's world and the event's own random
// stream. Shapes follow Regal's documentation and sample payloads (see RegalEventMap).
import type {
  ContactAttributeEditedProperties,
  RegalEventMap,
  RegalEventName,
} from '../../transforms/index.js';
import type { Random } from './random.js';
import {
  ACTIVITIES,
  CARRIER_ERROR_CODES,
  CONSENT_TEXT,
  CONTACT_REPLIES,
  CUSTOM_ATTRIBUTES,
  DISPOSITIONS,
  EMAIL_SUBJECTS,
  EXPERIMENTS,
  OBJECT_TYPES,
  OBJECTIONS,
  SENTIMENTS,
  SMS_TEXTS,
  SUBSCRIPTION_SOURCES,
  TASK_TITLES,
  TASK_TYPES,
  TRACKERS,
  AGENT_DOMAIN,
} from './values.js';
import type { World } from './world.js';

/** What a properties builder works from. */
export interface EventContext {
  readonly world: World;
  /** This event's own stream (seed and name). */
  readonly random: Random;
  /** When the event happened, Unix seconds. */
  readonly at: number;
}

type Builders = {
  [N in RegalEventName]: (context: EventContext) => NonNullable<RegalEventMap[N]['properties']>;
};

const sid = (prefix: string, random: Random) => prefix + random.hex(32);

function agent({ world }: EventContext) {
  return {
    agent_firstname: world.agent.firstName,
    agent_fullname: world.agent.fullName,
    agent_email: world.agent.email,
  };
}

function campaign({ world }: EventContext) {
  return {
    campaign_name: world.campaign.name,
    campaign_friendly_id: String(world.campaign.friendlyId),
    journey_uuid: world.journey.uuid,
    journey_name: world.journey.name,
    journey_friendly_id: world.journey.friendlyId,
  };
}

function call(context: EventContext, direction: 'INBOUND' | 'OUTBOUND') {
  const { world, random } = context;
  return {
    ...agent(context),
    direction,
    regal_voice_phone: world.brandPhone,
    regal_voice_phone_internal_name: 'Sales Line',
    contact_phone: world.contact.phone,
    call_id: sid('WT', random),
    type: direction === 'OUTBOUND' ? 'Outbound Call' : 'Inbound Call',
  };
}

function smsText(context: EventContext): string {
  return context.random.pick(SMS_TEXTS).replace('{name}', context.world.contact.firstName);
}

function outboundSms(context: EventContext) {
  const { world, random } = context;
  return {
    ...agent(context),
    content: smsText(context),
    from_number: world.brandPhone,
    to_number: world.contact.phone,
    sms_message_id: sid('SM', random),
    media_url: null,
    ...campaign(context),
  };
}

function inboundSms(context: EventContext) {
  const { world, random } = context;
  return {
    content: random.pick(CONTACT_REPLIES),
    from_number: world.contact.phone,
    to_number: world.brandPhone,
    sms_message_id: sid('SM', random),
    media_url: null,
  };
}

const mediaUrl = (random: Random) => `https://media.example.com/mms/${random.hex(16)}.jpg`;

function recording(context: EventContext, direction: 'INBOUND' | 'OUTBOUND') {
  const { world, random } = context;
  const callSid = sid('CA', random);
  return {
    call_id: sid('WT', random),
    call_sid: callSid,
    recording_link: `https://recordings.example.com/${callSid}.mp3`,
    direction,
    contact_phone: world.contact.phone,
    recording_duration: random.int(20, 900),
  };
}

function transcript(context: EventContext) {
  const { world, random } = context;
  const name = world.contact.firstName;
  const agentName = world.agent.firstName;
  return {
    call_id: sid('WT', random),
    call_sid: sid('CA', random),
    transcript:
      `Agent: Hi ${name}, this is ${agentName} from Your Brand about the quote you requested. ` +
      `Contact: Yes, I had a question about the premium. ` +
      `Agent: The premium is locked for the whole term.`,
    call_summary: `${name} asked about the premium; ${agentName} confirmed it is locked for the term.`,
    sentiments: { contact: random.pick(SENTIMENTS), agent: 'neutral' },
    trackers: [random.pick(TRACKERS)],
  };
}

function task(context: EventContext) {
  const { random } = context;
  return {
    ...agent(context),
    task_id: sid('WT', random),
    type: random.pick(TASK_TYPES),
    ...campaign(context),
    created_at: context.at,
  };
}

function contactCreated(context: EventContext) {
  return {
    source: context.random.pick(['Brand.api', 'Regal.agent_desktop']),
    created_at: context.at,
  };
}

function subscription(context: EventContext, subscribed: boolean) {
  const { world, random, at } = context;
  return {
    new_subscription: subscribed,
    channel: random.pick(['voice', 'sms'] as const),
    text: subscribed ? CONSENT_TEXT : null,
    ip: world.contact.ip,
    source: random.pick(SUBSCRIPTION_SOURCES),
    timestamp: String(at - 1),
  };
}

/** One builder per documented Regal event. */
export const PROPERTIES: Builders = {
  'agent.activity.updated': (context) => {
    const [from, to] = pickTwo(context.random, ACTIVITIES);
    return {
      agent_email: context.world.agent.email,
      agent_fullname: context.world.agent.fullName,
      old_activity: from,
      new_activity: to,
      changed_at: context.at,
    };
  },
  'call.analysis.available': (context) => {
    const { call_id, call_summary, sentiments, trackers } = transcript(context);
    return { call_id, call_summary, sentiments: { overall: sentiments.contact }, trackers };
  },
  'call.completed': (context) => {
    const { random, at } = context;
    const wrapup = random.int(5, 90);
    const talk = random.int(30, 900);
    const ended = at - wrapup;
    const disposition = random.pick(DISPOSITIONS);
    const { campaign_name, campaign_friendly_id, journey_uuid, journey_name, journey_friendly_id } =
      campaign(context);
    // Keys in the order of Regal's sample payload.
    return {
      ...call(context, random.chance(0.8) ? 'OUTBOUND' : 'INBOUND'),
      disposition,
      notes: random.chance(0.5) ? 'Asked to compare with the current policy.' : null,
      objections: random.chance(0.5) ? [random.pick(OBJECTIONS)] : null,
      campaign_name,
      campaign_friendly_id,
      conversation_happened: disposition !== 'No Answer' && disposition !== 'Left Voicemail',
      started_at: ended - talk,
      ended_at: ended,
      completed_at: at,
      talk_time: talk,
      wrapup_time: wrapup,
      handle_time: talk + wrapup,
      journey_uuid,
      journey_name,
      journey_friendly_id,
    };
  },
  'call.placed': (context) => ({
    ...call(context, 'OUTBOUND'),
    ...campaign(context),
    started_at: context.at,
  }),
  'call.recording.available': (context) => ({
    ...agent(context),
    ...recording(context, 'OUTBOUND'),
  }),
  'call.transcript.available': (context) => ({ ...agent(context), ...transcript(context) }),
  'call.ivr.triggered': (context) => {
    const {
      agent_firstname: _f,
      agent_fullname: _n,
      agent_email: _e,
      ...inbound
    } = call(context, 'INBOUND');
    return { ...inbound, ...campaign(context), started_at: context.at };
  },
  'call.wrapup': (context) => {
    const talk = context.random.int(30, 900);
    return {
      ...call(context, 'OUTBOUND'),
      ...campaign(context),
      started_at: context.at - talk,
      ended_at: context.at,
      talk_time: talk,
    };
  },
  'cancel.all.automated.tasks': (context) => ({
    ...agent(context),
    reason: 'Canceled by agent',
    created_at: context.at,
  }),
  'contact.attribute.edited': (context) => {
    const attribute = context.random.pick(CUSTOM_ATTRIBUTES);
    const [oldValue, newValue] = pickTwo<string | number>(context.random, attribute.values);
    return {
      agent_email: context.world.agent.email,
      contact_phone: context.world.contact.phone,
      // zod types a catchall next to a known key in a way no literal satisfies: hence the cast.
      changes: {
        custom_properties: { [attribute.key]: { old_value: oldValue, new_value: newValue } },
      } as ContactAttributeEditedProperties['changes'],
      created_at: String(context.at),
    };
  },
  'contact.created': (context) => ({
    first_name: context.world.contact.firstName,
    last_name: context.world.contact.lastName,
    ...contactCreated(context),
  }),
  'contact.email.created': (context) => ({
    email: context.world.contact.email,
    ...contactCreated(context),
  }),
  'contact.experiment.assigned': (context) => {
    const experiment = context.random.pick(EXPERIMENTS);
    return {
      experiment_name: experiment.name,
      experiment_id: context.random.uuid(),
      experiment_variant: context.random.pick(experiment.variants),
      journey_uuid: context.world.journey.uuid,
      journey_friendly_id: context.world.journey.friendlyId,
      journey_name: context.world.journey.name,
    };
  },
  'contact.phone.created': (context) => ({
    contact_phone: context.world.contact.phone,
    ...contactCreated(context),
  }),
  'contact.subscribed': (context) => subscription(context, true),
  'contact.unsubscribed': (context) => subscription(context, false),
  'contacted.after.hours': (context) => ({
    task_id: sid('WT', context.random),
    type: context.random.pick(['Inbound Call', 'Inbound SMS']),
    ...campaign(context),
    created_at: context.at,
  }),
  'custom.task.completed': (context) => ({
    ...agent(context),
    task_id: sid('WT', context.random),
    type: 'Custom Task',
    task_title: context.random.pick(TASK_TITLES),
    disposition: 'Completed',
    notes: 'Customer emailed the signed form.',
    objections: [],
    completed_at: context.at,
  }),
  'email.received': (context) => ({
    ...agent(context),
    subject: `Re: ${context.random.pick(EMAIL_SUBJECTS)}`,
    from_email: context.world.contact.email,
    to_email: `sales@${AGENT_DOMAIN}`,
  }),
  'email.sent': (context) => ({
    ...agent(context),
    subject: context.random.pick(EMAIL_SUBJECTS),
    from_email: `sales@${AGENT_DOMAIN}`,
    to_email: context.world.contact.email,
    ...campaign(context),
  }),
  'email.conversation.completed': (context) => ({
    ...agent(context),
    subject: context.random.pick(EMAIL_SUBJECTS),
    disposition: context.random.pick(DISPOSITIONS),
  }),
  'mms.received': (context) => ({ ...inboundSms(context), media_url: mediaUrl(context.random) }),
  'mms.sent': (context) => ({ ...outboundSms(context), media_url: mediaUrl(context.random) }),
  'object.created': (context) => {
    const type = context.random.pick(OBJECT_TYPES);
    return {
      object_type: type,
      object_id: `${type}_${context.random.hex(10)}`,
      attributes: { status: 'pending', owner_email: context.world.agent.email },
    };
  },
  'object.attribute.edited': (context) => {
    const type = context.random.pick(OBJECT_TYPES);
    return {
      object_type: type,
      object_id: `${type}_${context.random.hex(10)}`,
      agent_email: context.world.agent.email,
      changes: { status: { old_value: 'pending', new_value: 'active' } },
    };
  },
  'scheduled.reminder.created': (context) => ({
    ...agent(context),
    task_id: sid('WT', context.random),
    reminder_time: context.at + context.random.int(1, 7) * 86_400,
    notes: 'Follow up on the signed application.',
  }),
  'scheduled.callback.requested': (context) => ({
    ...agent(context),
    task_id: sid('WT', context.random),
    callback_time: context.at + context.random.int(1, 48) * 3_600,
    notes: 'Call back after 5pm.',
  }),
  'sms.conversation.completed': (context) => ({
    ...agent(context),
    disposition: context.random.pick(DISPOSITIONS),
    ...campaign(context),
    content: [
      [context.at - 300, 'Agent', 'sent', smsText(context)],
      [context.at - 120, 'Contact', 'received', context.random.pick(CONTACT_REPLIES)],
    ],
  }),
  'sms.queued': outboundSms,
  'sms.received': inboundSms,
  'sms.sent': outboundSms,
  'sms.failed': (context) => ({
    ...outboundSms(context),
    error_code: context.random.pick(CARRIER_ERROR_CODES),
  }),
  'sms.undelivered': (context) => ({
    ...outboundSms(context),
    error_code: context.random.pick(CARRIER_ERROR_CODES),
  }),
  'task.canceled': (context) => ({
    ...task(context),
    reason: context.random.pick(['Contact unsubscribed', 'Canceled by agent', 'Task expired']),
  }),
  'task.created': task,
  'task.reservation.accepted': task,
  'task.reservation.created': task,
  'voicemail.recording.available': (context) => recording(context, 'INBOUND'),
  'voicemail.transcript.available': (context) => {
    const name = context.world.contact.firstName;
    return {
      call_id: sid('WT', context.random),
      call_sid: sid('CA', context.random),
      transcript: `Hi, this is ${name}, please call me back about my quote.`,
      call_summary: `${name} asked for a call back about the quote.`,
    };
  },
  'voicemail.completed': (context) => ({
    call_id: sid('WT', context.random),
    direction: 'INBOUND',
    regal_voice_phone: context.world.brandPhone,
    contact_phone: context.world.contact.phone,
    voicemail_duration: context.random.int(5, 120),
  }),
};

/** Two different elements of a list (of at least two). */
function pickTwo<T>(random: Random, list: readonly T[]): [T, T] {
  const first = random.int(0, list.length - 1);
  const second = (first + random.int(1, list.length - 1)) % list.length;
  return [list[first] as T, list[second] as T];
}
