// Types guide the user: what TypeScript rejects at compile time (checked by `npm run typecheck`,
// through the @ts-expect-error lines) is also rejected at run time with a ValidationError.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  RegalClient,
  ValidationError,
  type CreateContactInput,
  type Logger,
  type OptIn,
  type RegalResult,
  type RequestOptions,
  type TrackEventInput,
  type UpdateOptInInput,
} from '../../src/index.js';
import { recordPosts, useMsw } from '../support/msw.js';

const server = useMsw();
const regal = new RegalClient({ apiKey: 'types-key' });

describe('compile-time rules, enforced at run time too', () => {
  it('a contact needs a phone or an email', async () => {
    const requests = recordPosts(server, 'https://events.regalvoice.com/events');
    await expect(
      // @ts-expect-error -- no phone, email, phones or emails
      regal.createContact({ traits: { firstName: 'Ann' } }),
    ).rejects.toBeInstanceOf(ValidationError);
    // @ts-expect-error -- traits are required
    await expect(regal.createContact({ userId: 'u' })).rejects.toBeInstanceOf(ValidationError);
    expect(requests).toEqual([]);
  });

  it('an opt-in needs channel and subscribed', async () => {
    const requests = recordPosts(server, 'https://events.regalvoice.com/events');
    await expect(
      // @ts-expect-error -- subscribed is missing
      regal.updateOptIn({ traits: { phone: '+12133734253', optIn: [{ channel: 'sms' }] } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      // @ts-expect-error -- channel is missing
      regal.updateOptIn({ traits: { phone: '+12133734253', optIn: [{ subscribed: true }] } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      regal.updateOptIn({
        // @ts-expect-error -- "push" is not a channel
        traits: { phone: '+12133734253', optIn: [{ channel: 'push', subscribed: true }] },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      regal.updateOptIn({
        // @ts-expect-error -- subscribed is a boolean, not the string "true"
        traits: { phone: '+12133734253', optIn: [{ channel: 'sms', subscribed: 'true' }] },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      regal.updateOptIn({
        // @ts-expect-error -- a current-format opt-in needs subscribed too
        traits: { phones: { '+12133734253': { smsOptIn: { source: 'form' } } } },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      // @ts-expect-error -- an opt-in update needs an opt-in
      regal.updateOptIn({ traits: { phone: '+12133734253' } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(requests).toEqual([]);
  });

  it('a custom event needs a name and an identifier', async () => {
    const requests = recordPosts(server, 'https://events.regalvoice.com/events');
    // @ts-expect-error -- name is missing
    await expect(regal.trackEvent({ userId: 'u' })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      // @ts-expect-error -- neither userId nor a phone or email
      regal.trackEvent({ name: 'X', traits: { firstName: 'Ann' } }),
    ).rejects.toBeInstanceOf(ValidationError);
    // @ts-expect-error -- no identifier at all
    await expect(regal.trackEvent({ name: 'X' })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      // @ts-expect-error -- phone is a string
      regal.trackEvent({ name: 'X', traits: { phone: 12133734253 } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(requests).toEqual([]);
  });
});

describe('accepted shapes', () => {
  it('types every valid form the docs show', () => {
    expectTypeOf<{ traits: { email: string } }>().toExtend<CreateContactInput>();
    expectTypeOf<{
      traits: { phones: Record<string, { label: string }> };
    }>().toExtend<CreateContactInput>();
    expectTypeOf<{
      userId: string;
      traits: { phone: string; plan: string; at: Date };
    }>().toExtend<CreateContactInput>();
    expectTypeOf<{ traits: { email: string; optIn: OptIn[] } }>().toExtend<UpdateOptInInput>();
    expectTypeOf<{
      traits: { emails: Record<string, { emailOptIn: { subscribed: boolean } }> };
    }>().toExtend<UpdateOptInInput>();
    expectTypeOf<{ userId: string; name: string }>().toExtend<TrackEventInput>();
    expectTypeOf<{ name: string; traits: { email: string } }>().toExtend<TrackEventInput>();
    expectTypeOf<{ name: string; traits: { firstName: string } }>().not.toExtend<TrackEventInput>();
    expectTypeOf<{ channel: 'voice'; subscribed: boolean; timestamp: Date }>().toExtend<OptIn>();
  });

  it('console fits the Logger type as is', () => {
    expectTypeOf<Console>().toExtend<Logger>();
    expectTypeOf<{ warn: (message: string) => void }>().toExtend<Logger>();
  });

  it('methods take per-call options and resolve to a RegalResult', () => {
    expectTypeOf(regal.trackEvent).parameter(1).toEqualTypeOf<RequestOptions | undefined>();
    expectTypeOf(regal.createContact).returns.resolves.toEqualTypeOf<RegalResult>();
    expectTypeOf<RegalResult>().toEqualTypeOf<{ status: number; body: unknown }>();
  });
});
