import { expect } from '@open-wc/testing';
import { ApiError } from '../../widget/api.ts';
import { type Translator, translator } from '../../widget/i18n.ts';
import { isRenewable, sendFailure } from '../../widget/views/new-report/send-errors.ts';

/** Says which key and values were used, so each branch is seen without the catalogue's wording. */
const keys = {
  t: (key: string, vars?: Record<string, string | number>) => (vars ? `${key} ${JSON.stringify(vars)}` : key),
} as unknown as Translator;

const photos = [{ file: { name: 'a.jpg' } }, { file: { name: 'b.heic' } }];
const refusal = (status: number, fields: { field: string; message: string }[], code = 'validation_failed') => new ApiError(status, code, 'Invalid request', fields);

describe('new report: a failed filing in the form’s words', () => {
  it('puts the server’s field errors on the form’s fields, privacy and unknown paths left out', () => {
    const { errors, refused, message } = sendFailure(
      refusal(400, [
        { field: 'contact.email', message: 'Invalid email' },
        { field: 'streetId', message: 'Unknown street' },
        { field: 'privacyAccepted', message: 'Required' },
        { field: 'somethingElse', message: 'Odd' },
      ]),
      [],
      keys,
    );
    expect(errors).to.deep.equal({
      email: 'new.err.server {"message":"Invalid email"}',
      street: 'new.err.server {"message":"Unknown street"}',
    });
    expect(refused.size).to.equal(0);
    expect(message).to.equal('');
  });

  it('names the very photo refused, by its bytes (413) or its pixels or its kind (400)', () => {
    const pixels = sendFailure(refusal(400, [{ field: 'photos.1', message: 'too large: 60 megapixels' }]), photos, keys);
    expect(pixels.refused.get(1)).to.equal('new.err.photoTooManyPixels {"n":2,"name":"b.heic"}');
    expect(pixels.errors).to.deep.equal({ photos: pixels.refused.get(1) });

    const notImage = sendFailure(refusal(400, [{ field: 'photos.0', message: 'not an image' }, { field: 'photos.1', message: 'took too long to decode' }]), photos, keys);
    expect(notImage.refused.get(0)).to.equal('new.err.photoNotImage {"n":1,"name":"a.jpg"}');
    expect(notImage.refused.get(1)).to.contain('new.err.photoTooManyPixels');
    // The first photo refused is the one the field's error names.
    expect(notImage.errors.photos).to.equal(notImage.refused.get(0));

    const bytes = sendFailure(refusal(413, [{ field: 'photos.0', message: 'too large' }]), photos, keys);
    expect(bytes.refused.get(0)).to.equal('new.err.photoTooBigServer {"n":1,"name":"a.jpg"}');
  });

  it('says the photos are too big when the whole request was refused for its size', () => {
    expect(sendFailure(refusal(413, [], 'payload_too_large'), photos, keys).errors).to.deep.equal({ photos: 'new.err.photosTooBig' });
    // Without photos a 413 is about the whole send.
    expect(sendFailure(refusal(413, [], 'payload_too_large'), [], keys).errors).to.deep.equal({});
  });

  it('a photo position the form does not have, or the photos as a whole, goes to the photos field as the server said it', () => {
    const { errors, refused } = sendFailure(refusal(400, [{ field: 'photos.5', message: 'x' }, { field: 'photos', message: 'Too many' }]), photos, keys);
    expect(refused.size).to.equal(0);
    expect(errors).to.deep.equal({ photos: 'new.err.server {"message":"Too many"}' });
  });

  it('words a failure of the whole send: network, spam, expired form, busy, too many, anything else', () => {
    const whole = (err: unknown) => sendFailure(err, [], keys).message;
    expect(whole(new ApiError(0, 'network', 'Failed to fetch'))).to.equal('new.sendFailed {"message":"error.network."}');
    expect(whole(refusal(422, [], 'spam_suspected'))).to.equal('new.sendFailed {"message":"new.err.spam."}');
    expect(whole(refusal(400, [], 'form_token_expired'))).to.equal('new.sendFailed {"message":"new.err.formExpired."}');
    expect(whole(refusal(503, [], 'unavailable'))).to.equal('new.sendFailed {"message":"new.err.busy."}');
    expect(whole(refusal(429, [], 'rate_limited'))).to.equal('new.sendFailed {"message":"new.err.rateLimited."}');
    expect(whole(new ApiError(500, 'internal', 'Internal error.'))).to.equal('new.sendFailed {"message":"Internal error."}');
    expect(whole(new Error('boom'))).to.equal('new.sendFailed {"message":"boom."}');
  });

  it('reads as one Italian sentence', () => {
    const { message } = sendFailure(refusal(429, [], 'rate_limited'), [], translator('it'));
    expect(message).to.equal(
      'La segnalazione non è stata inviata: sono state inviate troppe segnalazioni da questa rete. Riprova più tardi. I dati inseriti sono stati conservati: puoi riprovare.',
    );
  });

  it('tells a refused token or proof (sent again with a fresh one) from other refusals', () => {
    expect(isRenewable(refusal(400, [], 'form_too_fast'))).to.equal(true);
    expect(isRenewable(refusal(400, [], 'proof_of_work_failed'))).to.equal(true);
    expect(isRenewable(refusal(400, [], 'validation_failed'))).to.equal(false);
    expect(isRenewable(new Error('form_too_fast'))).to.equal(false);
  });
});
