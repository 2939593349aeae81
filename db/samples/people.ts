// The fictional people in the sample databases (db/samples/<slug>.sql), as each
// would identify themselves on a request: name, email, perhaps a phone number,
// and the organisation's own identifiers (its `identifiers:` keys). A demo
// request filed with these finds their data through the organisation's
// connector. Every email address is under .example (RFC 2606) and every phone
// number starts with 00 after the country code, so none can reach a real person.

export type SamplePerson = {
  /** The organisation's slug. */
  org: string
  name: string
  email: string
  phone?: string
  /** By the organisation's identifier keys (e.g. customerNumber). */
  identifiers: Record<string, string>
  /** What a demo shows with this person. */
  story: string
}

/**
 * The sample people, with dates relative to `today` (YYYY-MM-DD, default the
 * current UTC day): pass the same day that the databases were built for.
 */
export function samplePeople(today?: string): SamplePerson[] {
  const base = today ? new Date(`${today}T00:00:00Z`) : new Date()
  const daysAgo = (days: number) => new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate() - days)).toISOString().slice(0, 10)
  return [
    // Dyreværnsringen – Dyrevagten (the hotline): callers give a phone number, not an email.
    {
      org: 'dyrevaernsringen',
      name: 'Bent Ravnsbjerg',
      email: 'bent.ravnsbjerg@post.example',
      phone: '+45 00 00 10 01',
      identifiers: { callDate: daysAgo(6) },
      story:
        'A long history: four calls in five weeks about the same dogs (reports found unfounded), two evaluation text messages, and his number on the do-not-call list for eight months, so telemarketing does not call him. His call eight months ago is still a case, but no longer points to him.',
    },
    {
      org: 'dyrevaernsringen',
      name: 'Lise Kjærgaard',
      email: 'lise.kjaergaard@mail.example',
      identifiers: { phoneNumber: '00001002' },
      story: 'Called ten days ago about an injured swan; passed to telemarketing (not yet called); rated the service 5.',
    },
    {
      org: 'dyrevaernsringen',
      name: 'Yasmin Haddad',
      email: 'yasmin.haddad@post.example',
      phone: '+45 00 00 10 03',
      identifiers: {},
      story: 'Called about a cat left in an empty flat; telemarketing called her and she wanted membership.',
    },
    {
      org: 'dyrevaernsringen',
      name: 'Søren Æbeltoft',
      email: 'soren.aebeltoft@mail.example',
      phone: '+45 00 00 10 04',
      identifiers: {},
      story: 'Declined membership four weeks ago, so he was deleted from the CRM at once: only his number is left, on the do-not-call list.',
    },
    {
      org: 'dyrevaernsringen',
      name: 'Henriette Bøgh',
      email: 'henriette.bogh@post.example',
      identifiers: { callDate: daysAgo(2) },
      story: 'Called two days ago about a hedgehog; gives no phone number, found by her name and the date of the call.',
    },
    {
      org: 'dyrevaernsringen',
      name: 'Jens-Ole Vinther',
      email: 'jens-ole.vinther@mail.example',
      phone: '+4500001006',
      identifiers: {},
      story: 'Called eleven months ago: only his number remains on the do-not-call list, for one more month.',
    },

    // Klartone Telemarketing ApS (the processor), calling for lygtebaererne and engblomst-naturvaern.
    {
      org: 'klartone-tm',
      name: 'Karen Østergaard Holm',
      email: 'karen.holm@post.example',
      identifiers: {},
      story: 'On the Lygtebærerne list: said yes to a monthly donation, gave her CPR number and bank account. A request about the call must be passed on to Lygtebærerne.',
    },
    {
      org: 'klartone-tm',
      name: 'Preben Lund',
      email: 'preben.lund@post.example',
      phone: '+45 00 00 20 02',
      identifiers: {},
      story: 'On the Lygtebærerne list: gave a single gift by card five months ago; the list has no email for him, he is found by phone.',
    },
    {
      org: 'klartone-tm',
      name: 'Ulrik Bech',
      email: 'ulrik.bech@mail.example',
      identifiers: { phoneNumber: '00 00 20 03' },
      story: 'On the Lygtebærerne list: declined.',
    },
    {
      org: 'klartone-tm',
      name: 'Freja Dalsgaard',
      email: 'freja.dalsgaard@mail.example',
      identifiers: {},
      story: 'On both clients\' lists: not reached for Lygtebærerne, said yes to a family membership of Engblomst Naturværn. A request about the calls must be passed on to both.',
    },
    {
      org: 'klartone-tm',
      name: 'Niels Brandt',
      email: 'niels.brandt@post.example',
      phone: '+45 00 00 20 05',
      identifiers: {},
      story: 'On the Engblomst Naturværn list: declined; his address was updated from the CPR register.',
    },
    {
      org: 'klartone-tm',
      name: 'Aase Winther',
      email: 'aase.winther@post.example',
      phone: '+45 00 00 20 06',
      identifiers: {},
      story: 'On the Engblomst Naturværn list: asked not to be called again.',
    },

    // Lygtebærerne (a client of klartone-tm).
    {
      org: 'lygtebaererne',
      name: 'Torben Skovgaard',
      email: 'torben.skovgaard@post.example',
      identifiers: { memberNumber: 'L-0317' },
      story: 'A member for eight years: yearly fee by direct debit, gifts reported to the tax agency with his CPR number, newsletter consent. Erasure is partial: accounting records and CPR number stay 5 years.',
    },
    {
      org: 'lygtebaererne',
      name: 'Mette Frandsen',
      email: 'mette.frandsen@mail.example',
      identifiers: {},
      story: 'A former regular donor (stopped a year ago) who withdrew her newsletter consent ten months ago; the record of the consent is kept 2 years.',
    },
    {
      org: 'lygtebaererne',
      name: 'Preben Lund',
      email: 'preben.lund@post.example',
      phone: '+45 00 00 20 02',
      identifiers: { memberNumber: 'L-1019' },
      story: 'Gave a single gift when Klartone called for the charity; no email on file, found by donor number or phone and name.',
    },
    {
      org: 'lygtebaererne',
      name: 'Karen Østergaard Holm',
      email: 'karen.holm@post.example',
      identifiers: {},
      story: 'Became a regular donor through a Klartone call two months ago; CPR number for the tax deduction.',
    },
    {
      org: 'lygtebaererne',
      name: 'Anja Mikkelsen',
      email: 'anja.mikkelsen@post.example',
      identifiers: {},
      story: 'Only a newsletter subscriber (consent).',
    },
    {
      org: 'lygtebaererne',
      name: 'Ulrik Bech',
      email: 'ulrik.bech@mail.example',
      phone: '+45 00 00 20 03',
      identifiers: {},
      story: 'Declined when Klartone called three months ago: the campaign data is kept at most 6 months.',
    },
    {
      org: 'lygtebaererne',
      name: 'Freja Dalsgaard',
      email: 'freja.dalsgaard@mail.example',
      phone: '+45 00 00 20 04',
      identifiers: {},
      story: 'On the list the charity gave Klartone, but never reached: only campaign data, found by phone.',
    },

    // Engblomst Naturværn (a client of klartone-tm).
    {
      org: 'engblomst-naturvaern',
      name: 'Gunnar Højgaard',
      email: 'gunnar.hojgaard@post.example',
      identifiers: { memberNumber: 'E-0112' },
      story: 'A member for twelve years, volunteer on nature-care days, newsletter subscriber.',
    },
    {
      org: 'engblomst-naturvaern',
      name: 'Birthe Juul',
      email: 'birthe.juul@mail.example',
      identifiers: {},
      story: 'Left six months ago: her membership is kept a year, her payments 5 years.',
    },
    {
      org: 'engblomst-naturvaern',
      name: 'Freja Dalsgaard',
      email: 'freja.dalsgaard@mail.example',
      identifiers: {},
      story: 'Joined three weeks ago when Klartone called for the association.',
    },
    {
      org: 'engblomst-naturvaern',
      name: 'Signe Lykke',
      email: 'signe.lykke@post.example',
      phone: '+45 00 00 40 03',
      identifiers: {},
      story: 'A volunteer who is not a member: activity sign-ups (found by phone) and newsletter consent.',
    },
    {
      org: 'engblomst-naturvaern',
      name: 'Niels Brandt',
      email: 'niels.brandt@post.example',
      phone: '+45 00 00 20 05',
      identifiers: {},
      story: 'Declined when Klartone called three weeks ago.',
    },
    {
      org: 'engblomst-naturvaern',
      name: 'Aase Winther',
      email: 'aase.winther@post.example',
      phone: '+45 00 00 20 06',
      identifiers: {},
      story: 'Asked Klartone not to call her again.',
    },

    // Fjordkanten Dyreklinikk (Norwegian veterinary clinic).
    {
      org: 'fjordkanten-dyreklinikk',
      name: 'Áile Ŋuollaš Čiekču',
      email: 'aile@fjordkanten-kunde.example',
      phone: '+47 00 00 10 01',
      identifiers: { customerNumber: 'FK-1001', animalName: 'Čuovga' },
      story:
        'A customer for sixteen years with three animals (one dead) and journal entries over the years, four of them older than ten years. Erasure is partial: journals younger than ten years (forskrift om journal for dyrehelsepersonell § 6) and accounting records within five years after the end of their financial year (bokføringsloven § 13) are kept.',
    },
    {
      org: 'fjordkanten-dyreklinikk',
      name: 'Ingrid Solberg',
      email: 'ingrid.solberg@post.example',
      identifiers: {},
      story: 'A cat owner for four years.',
    },
    {
      org: 'fjordkanten-dyreklinikk',
      name: 'Kristoffer Haugland',
      email: 'k.haugland@epost.example',
      identifiers: { customerNumber: 'FK-1003' },
      story: 'His dog was referred to a specialist and an insurance claim made five months ago.',
    },
    {
      org: 'fjordkanten-dyreklinikk',
      name: 'Marte Nilsen-Bakke',
      email: 'marte.nb@post.example',
      identifiers: {},
      story: 'Withdrew her consent to offers by email.',
    },
    {
      org: 'fjordkanten-dyreklinikk',
      name: 'Ola Dahl',
      email: 'ola.dahl@epost.example',
      identifiers: { animalName: 'Tassen' },
      story: 'A new customer with a puppy.',
    },
    {
      org: 'fjordkanten-dyreklinikk',
      name: 'Synnøve Årdal',
      email: 'synnove.ardal@post.example',
      identifiers: {},
      story: 'Her only cat died six years ago: one journal entry is older than ten years, the last one is not.',
    },

    // Granlia Dyreklinikk (Norwegian clinic's website, forms, order system, switchboard).
    {
      org: 'granlia-dyreklinikk',
      name: 'Tuva Bergersen',
      email: 'tuva.bergersen@post.example',
      identifiers: { animalName: 'Luna' },
      story: 'Booked two appointments through the website: forms, the pages she visited (linked by the form), a case record and an email.',
    },
    {
      org: 'granlia-dyreklinikk',
      name: 'Håkon Lie',
      email: 'hakon.lie@epost.example',
      phone: '+47 00 00 20 02',
      identifiers: {},
      story: 'Ordered a prescription online and called the clinic.',
    },
    {
      org: 'granlia-dyreklinikk',
      name: 'Randi Øvrebø',
      email: 'randi.ovrebo@post.example',
      identifiers: {},
      story: 'Asked about prices through the contact form; emails with staff.',
    },
    {
      org: 'granlia-dyreklinikk',
      name: 'Jonas Eikrem',
      email: 'jonas.eikrem@post.example',
      phone: '+47 00 00 20 04',
      identifiers: { animalName: 'Kira' },
      story: 'Only called: a case record and the phone log, found by phone.',
    },
    {
      org: 'granlia-dyreklinikk',
      name: 'Sunniva Holt',
      email: 'sunniva.holt@epost.example',
      identifiers: { animalName: 'Pelle' },
      story: 'Called and was called back; gives no phone number, found by her name and her animal\'s name.',
    },

    // Aivokipinä ry (Finnish association's customer-service chat).
    {
      org: 'aivokipina',
      name: 'Aino Virtanen',
      email: 'aino.virtanen@posti.example',
      identifiers: {},
      story: 'Gave her email in the chat twelve days ago, then left a contact request.',
    },
    {
      org: 'aivokipina',
      name: 'Sanna Lehtonen',
      email: 'sanna.lehtonen@posti.example',
      identifiers: { chatDate: daysAgo(40) },
      story: 'Gave only her name in the chat: found by her name and the date of the chat.',
    },
    {
      org: 'aivokipina',
      name: 'Eero Mäkelä',
      email: 'eero.makela@sahkoposti.example',
      identifiers: {},
      story: 'Two chats, 75 and 8 days ago, from the same IP address.',
    },
    {
      org: 'aivokipina',
      name: 'Mikko Järvinen',
      email: 'mikko.jarvinen@posti.example',
      identifiers: {},
      story: 'Left a contact request when the chat was closed.',
    },
    {
      org: 'aivokipina',
      name: 'Helmi Korhonen',
      email: 'helmi.korhonen@sahkoposti.example',
      identifiers: {},
      story: 'A contact request not yet answered.',
    },
  ]
}
