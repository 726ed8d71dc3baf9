import { expect } from '@open-wc/testing';
import { api } from './helpers.ts';
import { fileReport } from './admin-helpers.ts';
import { freshAddress, linksIn, mailArriving } from './mail-helpers.ts';

// The live server of the browser tests sends real mail to a real SMTP server of the run: what a
// citizen's e-mail says, and the links in it, can be followed from a test.
describe('the mailbox of the browser tests', () => {
  it('receives the receipt a citizen gets after filing, with the tracking code and a link to the report', async () => {
    const email = freshAddress('ricevuta');
    const { categories } = await api<{ categories: { id: number }[] }>('/config');
    const filed = await fileReport({ categoryId: categories[0].id, title: 'Prova della casella di posta', contact: { email } });
    const receipt = await mailArriving(email);
    expect(receipt.subject).to.contain(filed.reference);
    expect(receipt.text).to.contain(filed.trackingCode);
    expect(linksIn(receipt).some((l) => l.endsWith(`/demo/#segnala/report/${filed.reference}`)), linksIn(receipt).join(' ')).to.equal(true);
  });
});
