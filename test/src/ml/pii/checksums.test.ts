import { IBAN_LENGTHS, isIbanValid, isLuhnValid } from '../../../../src/ml/pii/checksums';

describe('isLuhnValid', () => {
  it('accepts numbers whose Luhn sum is a multiple of 10', () => {
    // 7992739871 3: doubled digits 1,8,3,7,9 -> 2,16->7,6,14->5,18->9; sum 70.
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('4111 1111 1111 1111')).toBe(true);
    expect(isLuhnValid('3782-822463-10005')).toBe(true);
  });

  it('rejects a wrong check digit, a single digit and an empty string', () => {
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(isLuhnValid('4111 1111 1111 1112')).toBe(false);
    expect(isLuhnValid('0')).toBe(false);
    expect(isLuhnValid('')).toBe(false);
  });
});

describe('isIbanValid', () => {
  it('accepts the ISO 13616 and national example IBANs', () => {
    expect(isIbanValid('GB82WEST12345698765432')).toBe(true);
    expect(isIbanValid('FR1420041010050500013M02606')).toBe(true);
    expect(isIbanValid('DE89370400440532013000')).toBe(true);
    expect(isIbanValid('BE68539007547034')).toBe(true);
  });

  it('rejects a wrong checksum, a wrong length, an unknown country and lower case', () => {
    expect(isIbanValid('GB82WEST12345698765433')).toBe(false);
    expect(isIbanValid('GB82WEST1234569876543')).toBe(false);
    expect(isIbanValid('XX82WEST12345698765432')).toBe(false);
    expect(isIbanValid('gb82west12345698765432')).toBe(false);
  });

  it('knows the registry length of the French and British IBAN', () => {
    expect(IBAN_LENGTHS.FR).toBe(27);
    expect(IBAN_LENGTHS.GB).toBe(22);
  });
});
