import {
  findCards,
  findEmails,
  findHandles,
  findIbans,
  findIps,
  findPhones,
  findUrls,
  isIpv6,
  type PatternType,
  type Span,
} from '../../../../src/ml/pii/pattern-detectors';
import { detectionView } from '../../../../src/ml/pii-masking';

type Finder = (text: string, out: Span<PatternType>[]) => void;

/** The substrings a finder reports in `text`. */
function found(finder: Finder, text: string): string[] {
  const out: Span<PatternType>[] = [];
  finder(text, out);
  return out.map((s) => text.slice(s.start, s.end));
}

describe('findEmails under the names reserved for tests', () => {
  it('finds an address spelled out under .test', () => {
    expect(found(findEmails, 'email security-alert at pay-pall dot test now')).toEqual([
      'security-alert at pay-pall dot test',
    ]);
  });
});

describe('findEmails', () => {
  it('finds dotted, plus-tagged, hyphenated and accented addresses', () => {
    expect(found(findEmails, 'to a.b+c@sub.example.co.uk or jean-éric@exemple.fr.')).toEqual([
      'a.b+c@sub.example.co.uk',
      'jean-éric@exemple.fr',
    ]);
  });

  it('rejects handles, hosts without a top-level domain and one-letter domains', () => {
    expect(found(findEmails, '@handle user@localhost a@b.c foo@bar')).toEqual([]);
  });
});

describe('findUrls', () => {
  it('finds scheme and www URLs, without trailing punctuation or an unbalanced parenthesis', () => {
    expect(found(findUrls, 'see https://x.org/a_(b), (and https://y.io/p?q=1) or www.site.fr.')).toEqual([
      'https://x.org/a_(b)',
      'https://y.io/p?q=1',
      'www.site.fr',
    ]);
  });

  it('finds bare domains with a known lower-case top-level domain, with their path', () => {
    expect(found(findUrls, 'go to reddit.com/r/news or lemonde.fr now')).toEqual(['reddit.com/r/news', 'lemonde.fr']);
  });

  it('rejects abbreviations, file names, frameworks and versions', () => {
    expect(found(findUrls, 'e.g. i.e. Node.js ASP.NET file.txt version 1.2.3')).toEqual([]);
  });

  it('finds sites under newer and regional domains, but not file names with the same endings', () => {
    expect(found(findUrls, 'tickets on ferrylines.shop/deals and cafe-velo.bzh')).toEqual([
      'ferrylines.shop/deals',
      'cafe-velo.bzh',
    ]);
    expect(found(findUrls, 'open logo.ai, kernel.cl, app.pro and word-index.test.ts')).toEqual([]);
  });

  it('reads a domain under the reserved example name as a site only with a path, a subdomain or a hyphen', () => {
    expect(found(findUrls, 'see tiny.example/Qz81, forum.choirs.example and veg-box.example today')).toEqual([
      'tiny.example/Qz81',
      'forum.choirs.example',
      'veg-box.example',
    ]);
    expect(found(findUrls, 'copy settings.example to settings.yml')).toEqual([]);
    // One name before it is a site unless it names a file (seventeenth pass).
    expect(found(findUrls, 'her portfolio is at annaphoto.example, and .env.example is a file')).toEqual([
      'annaphoto.example',
    ]);
  });
});

describe('findIps', () => {
  it('finds IPv4 and the RFC 4291 IPv6 text forms', () => {
    expect(found(findIps, 'dns 8.8.8.8 2001:db8::1 ::1 ::ffff:192.0.2.1 2001:db8:0:0:0:0:0:1')).toEqual([
      '8.8.8.8',
      '2001:db8::1',
      '::1',
      '::ffff:192.0.2.1',
      '2001:db8:0:0:0:0:0:1',
    ]);
  });

  it('rejects bad octets, too few or too many parts, versions and clock times', () => {
    expect(found(findIps, '256.1.1.1 1.2.3 1.2.3.4.5 version 4.2.0.1 v1.2.3.4 10:45:30 std::string')).toEqual([]);
  });

  it('checks IPv6 group counts', () => {
    expect(isIpv6('1:2:3:4:5:6:7:8')).toBe(true);
    expect(isIpv6('1:2:3:4:5:6:7')).toBe(false);
    expect(isIpv6('1::2::3')).toBe(false);
    expect(isIpv6('1:2:3:4:5:6:7::8')).toBe(false);
  });
});

describe('findPhones after a word of a reference', () => {
  it('reads a number shaped like a phone number after a reference word as the reference', () => {
    expect(found(findPhones, 'Complaint ref 0161 290 4471 still not answered')).toEqual([]);
    expect(found(findPhones, 'Numéro de dossier 01 99 00 37 52 chez l’assurance')).toEqual([]);
    expect(found(findPhones, 'Parcel tracking JD0002 0079 4455 1230 has shown')).toEqual([]);
  });

  it('keeps the phone number when a word of calling is there too, or the reference is in another sentence', () => {
    expect(found(findPhones, 'call the claims line on 0161 496 0471')).toEqual(['0161 496 0471']);
    expect(found(findPhones, 'Order arrived. Call me on 07700 900123')).toEqual(['07700 900123']);
    expect(found(findPhones, 'in case: +44 7700 900918, text only')).toEqual(['+44 7700 900918']);
    expect(found(findPhones, 'the booking line is 020 7946 0318')).toEqual(['020 7946 0318']);
  });

  it('keeps the phone number when the reference word is followed by a complement of its own (forty-sixth pass)', () => {
    expect(found(findPhones, 'Pour les commandes de colis de viande : 0470 99 01 37, merci')).toEqual([
      '0470 99 01 37',
    ]);
    expect(found(findPhones, 'Votre numéro de commande est le 01 99 00 37 52')).toEqual([]);
  });
});

describe('findPhones with Belgian landlines (forty-sixth pass)', () => {
  it('takes nine digits with a one-digit zone in 3-2-2 or a two-digit zone in 2-2-2, one separator throughout', () => {
    expect(found(findPhones, 'permanence : 02 555 41 27 à Bruxelles')).toEqual(['02 555 41 27']);
    expect(found(findPhones, 'appelez le 02/555.41.27')).toEqual(['02/555.41.27']);
    expect(found(findPhones, 'appelez le 010 47 21 90 ou le 010/47.21.90')).toEqual(['010 47 21 90', '010/47.21.90']);
  });

  it('leaves mixed separators and longer runs of groups', () => {
    expect(found(findPhones, 'codes 02 555.41 27 et 02 555 41 27 87')).toEqual([]);
  });
});

describe('findPhones', () => {
  it.each([
    '06 12 34 56 78',
    '06.12.34.56.78',
    '06-12-34-56-78',
    '0612345678',
    '+33 6 12 34 56 78',
    '+33612345678',
    '0033 6 12 34 56 78',
    '+33 (0)6 12 34 56 78',
    '(555) 123-4567',
    '555-123-4567',
    '555.123.4567',
    '+1 415 555 0199',
    '1-800-555-0199',
    '415 555 0199',
    '020 7946 0958',
    '07700 900123',
    '07700 900 283',
    '079 555 01 47',
    '0470 55 01 23',
    '0470/55.01.23',
    '0491 570 156',
    '+44 20 7946 0958',
    '(555)123-4567x89',
    '+1-415-555-0199x1234',
    '001-415-555-0199',
    '555-123-4567 ext. 12',
    '(020) 7946 0958',
    '(01632)960123',
    '0161 4960000',
    '01632960123',
    '418 555-0155',
    '418 555-0155 poste 204',
    '418 555-0155 POSTE 204',
    '1 604 555.0123',
  ])('finds %s', (phone) => {
    expect(found(findPhones, `call ${phone} now`)).toEqual([phone]);
  });

  it.each([
    '06 12 34 56',
    '06 12 34 56 78 90',
    '06.12 34-56 78',
    '12/05/2019',
    '1 234 567,89',
    '978-3-16-148410-0',
    '4 8 15 16 23 42',
    '3.14159265',
    '732 829 320 00074',
    '1234567',
    '(2019) 1234 5678',
    '012345678901',
    '0412 345 678 9',
  ])('rejects %s', (notPhone) => {
    expect(found(findPhones, `see ${notPhone} here`)).toEqual([]);
  });

  it('finds a local number without its area code after a word asking to call or giving a number', () => {
    expect(found(findPhones, 'just ring 555-0118 after six')).toEqual(['555-0118']);
    expect(found(findPhones, "my number's 555.0162, text first")).toEqual(['555.0162']);
    expect(found(findPhones, 'tu peux appeler le 555-0131 poste 12')).toEqual(['555-0131 poste 12']);
    expect(found(findPhones, 'see page 555-0143 of the minutes')).toEqual([]);
    expect(found(findPhones, 'call about the 2019-2020 season')).toEqual([]);
    expect(found(findPhones, 'dial 555-01432 for nothing')).toEqual([]);
  });
});

describe('findIbans', () => {
  it('finds grouped and compact IBANs that pass the checksum', () => {
    expect(found(findIbans, 'to FR76 3000 6000 0112 3456 7890 189 or DE89370400440532013000.')).toEqual([
      'FR76 3000 6000 0112 3456 7890 189',
      'DE89370400440532013000',
    ]);
  });

  it('rejects a wrong checksum and an IBAN glued to more characters', () => {
    expect(found(findIbans, 'FR76 3000 6000 0112 3456 7890 188 and GB82WEST12345698765432X')).toEqual([]);
  });
});

describe('findCards', () => {
  it('finds 4-4-4-4, Amex 4-6-5 and compact card numbers that pass Luhn', () => {
    expect(found(findCards, '4111 1111 1111 1111, 4111-1111-1111-1111, 3782 822463 10005, 4012888888881881')).toEqual([
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '3782 822463 10005',
      '4012888888881881',
    ]);
    // Diners Club's 14 digits in 4-6-4 groups.
    expect(found(findCards, 'diners 3056 930902 5904 ok')).toEqual(['3056 930902 5904']);
  });

  it("finds 15-digit numbers in JCB's older 2131 and 1800 ranges that pass Luhn", () => {
    expect(found(findCards, 'card 213100000000019 or 180000000000002, not 213100000000018')).toEqual([
      '213100000000019',
      '180000000000002',
    ]);
  });

  it('finds a 13-digit Visa number written in groups of four and a last digit', () => {
    expect(found(findCards, 'Ancienne carte 4047 4713 4750 7 retrouvée, pas 4047 4713 4750 8')).toEqual([
      '4047 4713 4750 7',
    ]);
  });

  it('finds sixteen digits in four groups of four that pass Luhn whatever the issuer, but not inside a longer number', () => {
    expect(found(findCards, 'carte 2101 1647 8878 6711 perdue')).toEqual(['2101 1647 8878 6711']);
    expect(found(findCards, 'virement sur FR76 2004 1520 5845 9117 1883 947, la clé')).toEqual([]);
  });

  it('rejects Luhn failures, unknown issuers (a SIRET) and mixed separators', () => {
    expect(found(findCards, '4111 1111 1111 1112 73282932000074 4111 1111-1111 1111')).toEqual([]);
  });
});

describe('findUrls under the French example domain', () => {
  it('finds a site under .exemple with a path, as under .example', () => {
    expect(found(findUrls, 'les setlists sur setlists-archive.exemple/2023/liege merci')).toEqual([
      'setlists-archive.exemple/2023/liege',
    ]);
    expect(found(findUrls, 'voir config.exemple pour les réglages')).toEqual([]);
  });
});

describe('findHandles', () => {
  it('finds @handles but not emails, a lone @ or a one-letter handle', () => {
    expect(found(findHandles, '@jenny_b and @TheRealMike, not bob@x.org, @ everyone, @a')).toEqual([
      '@jenny_b',
      '@TheRealMike',
    ]);
  });
});

describe('structured data written the way comments write it', () => {
  it('finds phone numbers grouped with any Unicode space once the text is read through detectionView', () => {
    for (const space of ['\u00a0', '\u202f', '\u2009', '\u2007', '\u3000']) {
      const text = detectionView(`rappelle-moi au 06${space}48${space}20${space}19${space}73 ce soir`);
      expect(found(findPhones, text)).toEqual(['06 48 20 19 73']);
    }
  });

  it('finds e-mail addresses spelled out with words or brackets, in English and French', () => {
    expect(found(findEmails, 'ping lou dot berg at mailbox dot org today')).toEqual([
      'lou dot berg at mailbox dot org',
    ]);
    expect(found(findEmails, 'écris à lou.berg arobase mailbox point fr')).toEqual([
      'lou.berg arobase mailbox point fr',
    ]);
    expect(found(findEmails, 'mail: lou {at} mailbox {dot} org')).toEqual(['lou {at} mailbox {dot} org']);
    expect(found(findEmails, "ask o'hara.k@mailbox.org")).toEqual(["o'hara.k@mailbox.org"]);
  });

  it('finds a spelled-out address after another "at" in the sentence, and a webmail domain after a bare "at"', () => {
    // The first "at" ("email me at") starts no address; the scan goes on after it.
    expect(found(findEmails, 'email me at lou dot berg at mailbox dot org if u want')).toEqual([
      'lou dot berg at mailbox dot org',
    ]);
    expect(found(findEmails, 'her mail is lou.berg1990 at gmail.com i think')).toEqual(['lou.berg1990 at gmail.com']);
    expect(found(findEmails, 'écris à lou.berg chez free.fr')).toEqual(['lou.berg chez free.fr']);
    expect(found(findEmails, 'I buy shoes at shoeshop.com')).toEqual([]);
    expect(found(findEmails, 'contact is kofi.m @ example.com, meet @ noon')).toEqual(['kofi.m @ example.com']);
  });

  it('finds an address with a real @ and its dots spelled out or bracketed, and one under the example domain', () => {
    expect(found(findEmails, 'complaints go to desk@tidyhome dot co dot uk apparently')).toEqual([
      'desk@tidyhome dot co dot uk',
    ]);
    expect(found(findEmails, 'écrire à noor.h@villagemail[point]fr')).toEqual(['noor.h@villagemail[point]fr']);
    expect(found(findEmails, 'send it to ana dot lopes at ferrymail dot example')).toEqual([
      'ana dot lopes at ferrymail dot example',
    ]);
    expect(found(findEmails, 'écrivez à marc . petit @ mail . example svp')).toEqual(['marc . petit @ mail . example']);
    // No top-level domain after the spelled dot: a sentence, not an address.
    expect(found(findEmails, 'ask me@home dot later')).toEqual([]);
  });

  it('does not read a shop "at" a web site, or "at" between words, as an e-mail address', () => {
    expect(found(findEmails, 'I buy shoes at shoeshop.com and meet at noon')).toEqual([]);
  });

  it('does not take version numbers or dotted references for IP addresses', () => {
    expect(found(findIps, 'after the update to 11.3.0.2 and rule 2.4.1.3 and 1.2.3.4')).toEqual([]);
    expect(found(findIps, 'the proxy at 11.3.0.2 again')).toEqual(['11.3.0.2']);
  });

  it('finds IBANs typed in lower case, not in mixed case', () => {
    expect(found(findIbans, 'virement sur ch93 0076 2011 6238 5295 7 merci')).toEqual(['ch93 0076 2011 6238 5295 7']);
    expect(found(findIbans, 'Ch93 0076 2011 6238 5295 7')).toEqual([]);
  });

  it('reads a fediverse handle as one handle and ignores broadcast mentions', () => {
    const spans: Span<PatternType>[] = [];
    findHandles('@here and @all: thanks to @moss@fosstodon.org', spans);
    findEmails('@here and @all: thanks to @moss@fosstodon.org', spans);
    expect(spans.map((s) => s.type)).toEqual(['HANDLE']);
  });
});

describe('versions beside a router, lottery draws and file numbers (thirty-fourth pass)', () => {
  it('lets the nearest cue before a dotted quad decide between a version and an address', () => {
    expect(found(findIps, 'Router firmware 4.2.18.3 bricked half the street')).toEqual([]);
    expect(found(findIps, 'bricked my router, rolling back to 1.2.2.9 fixed it')).toEqual([]);
    expect(found(findIps, 'the firmware broke and my IP 203.0.113.9 is banned')).toEqual(['203.0.113.9']);
  });

  it('reads five rising pairs of digits in a text about a lottery as the draw, not a French phone', () => {
    expect(found(findPhones, 'Mes numéros fétiches 03 11 19 27 42 étoile 7')).toEqual([]);
    expect(found(findPhones, 'bingo card says 07 10 22 31 44')).toEqual([]);
    // Not rising, or above 59: a phone whatever the text says.
    expect(found(findPhones, 'lucky me, call 06 39 98 12 34')).toEqual(['06 39 98 12 34']);
  });

  it('reads a file or booking number as a reference, a booking line still as a phone', () => {
    expect(found(findPhones, "Mon numéro de dossier c'est 01 99 00 47 12")).toEqual([]);
    expect(found(findPhones, 'Carshare booking number 0116 496 0732, refunded')).toEqual([]);
    expect(found(findPhones, 'Réservation au 06 39 98 12 34')).toEqual(['06 39 98 12 34']);
    expect(found(findPhones, 'mon numéro 06 39 98 12 34')).toEqual(['06 39 98 12 34']);
  });
});

describe('phones after a past verb of calling, hyphenated UK numbers, references and IBAN heads (thirty-ninth pass)', () => {
  it('takes a local number after "called", "rang" or "texted"', () => {
    expect(found(findPhones, 'The garage rang 555-0182 back an hour later')).toEqual(['555-0182']);
  });

  it('takes UK numbers whose groups are joined by hyphens or dots, one separator throughout', () => {
    expect(found(findPhones, 'text 07700-900-314 for the keys')).toEqual(['07700-900-314']);
    expect(found(findPhones, 'office 0161.496.0022')).toEqual(['0161.496.0022']);
    expect(found(findPhones, 'ref 07700-900.314')).toEqual([]);
  });

  it('leaves a "00" inside a longer run of digit groups, and a transaction number', () => {
    expect(found(findPhones, 'tag number 985 141 0067 55123 on the collar')).toEqual([]);
    expect(found(findPhones, 'transaction 5311 0094 2210 47, refund pending')).toEqual([]);
    expect(found(findPhones, 'call 0044 20 7946 0018')).toEqual(['0044 20 7946 0018']);
  });

  it('reads no card inside an IBAN that fails its check', () => {
    expect(found(findCards, 'wrong RIB: FR26 2633 9671 8108 0558 6176 975')).toEqual([]);
    expect(found(findCards, 'card 4539 1488 0343 6467')).toEqual(['4539 1488 0343 6467']);
  });
});
