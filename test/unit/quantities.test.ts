import { strict as assert } from 'node:assert';
import { compatible, comparable, extractQuantities, type Quantity } from '../../src/core/language/quantities';
import { tokenize } from '../../src/core/language/tokens';

const q = (s: string): Quantity[] => extractQuantities(tokenize(s), s);
const one = (s: string): Quantity => {
  const all = q(s);
  assert.equal(all.length, 1, `${s}: ${JSON.stringify(all)}`);
  return all[0];
};
const agree = (a: string, b: string) => comparable(one(a), one(b)) && compatible(one(a), one(b));
const clash = (a: string, b: string) => comparable(one(a), one(b)) && !compatible(one(a), one(b));

describe('quantities', () => {
  it('reads digits and number words with the same value', () => {
    assert.equal(one('six months').value, one('6 months').value);
    assert.equal(one('twenty-three percent').value, 23);
    assert.equal(one('1,200 cars').value, 1200);
    assert.equal(one('$965 billion').value, 965e9);
  });

  it('treats "6-month" and "six months", "80 percent" and "80%" as the same figure', () => {
    assert.ok(agree('a 6-month pause', 'six months'));
    assert.ok(agree('80 percent', '80%'));
    assert.ok(agree('a 30-day review', '30 days'));
  });

  it('reads "a hundred and seventy-one" and "a thousand" whole, and an ordinal as no count', () => {
    assert.equal(one('a hundred and seventy-one jets').value, 171);
    assert.equal(one('a thousand homes').value, 1000);
    assert.equal(one('more than a hundred people').value, 100);
    assert.deepEqual(q('in the bottom 10th percentile'), []);
    // The day of a date stays a date, not also a count.
    assert.equal(one('on March 26th the ship left').dim, 'date');
  });

  it('compares two upper bounds by their peaks, and a figure with a bound by overlap', () => {
    assert.ok(clash('up to 70 mph', 'as high as 80 mph'));
    assert.ok(agree('up to 80 mph', 'up to 80 miles per hour'));
    assert.ok(agree('70 mph', 'up to 80 mph'));
    assert.ok(agree('as many as 500 people', 'up to 500 people'));
    // Two lower bounds still meet: "upward of 2,000" and "more than 2,200" agree.
    assert.ok(agree('upward of 2,000 buildings', 'more than 2,200 buildings'));
  });

  it('converts durations to one unit, so weeks and days compare', () => {
    assert.ok(agree('two weeks', '14 days'));
    assert.ok(clash('30 weeks', '30 days'));
    assert.ok(clash('a full month', 'an entire week'));
  });

  it('honours bounds: "more than", "less than", "roughly"', () => {
    assert.ok(agree('more than 80%', 'over 80 percent'));
    assert.ok(clash('roughly half', 'more than 80%'));
    assert.ok(clash('less than a third', 'more than 80%'));
    assert.ok(agree('about 100 people', '95 people'));
    assert.ok(clash('exactly 100 people', '95 people'));
  });

  it('lets an approximate figure stray no more than a unit of its last digit', () => {
    // 5% either way would reach 5.46 billion; the writer gave tenths.
    assert.ok(clash('about $5.2 billion', '$5.5 billion'));
    assert.ok(agree('about $5.2 billion', '$5.25 billion'));
    // Round figures keep the 5%: a unit of "12,000" (1,000) would swallow 13,000.
    assert.ok(agree('about 12,000 vehicles', '12,500 vehicles'));
    assert.ok(clash('about 12,000 vehicles', 'about 15,000 vehicles'));
  });

  it('reads fractions as percentages', () => {
    assert.ok(Math.abs(one('a third').value - 100 / 3) < 1e-9);
    assert.equal(one('two thirds').value, 200 / 3);
    assert.equal(one('half').value, 50);
  });

  it('reads years and month-year dates, and compares their years and months', () => {
    assert.ok(clash('February 2025', 'February 2026'));
    assert.ok(clash('March 2026', 'February 2026'));
    assert.ok(agree('in 2026', 'February 2026'));
    assert.equal(one('released on Thursday').dim, 'weekday');
  });

  it('reads a change and the total it reached as two counts of one thing', () => {
    const [change, total] = q('The army grew by 65,000 soldiers, to 547,000.');
    assert.deepEqual([change.value, total.value], [65000, 547000]);
    assert.deepEqual(total.what, change.what);
    // The total is then the figure a claim about it meets, not a different one.
    const claim = one('547,000 soldiers');
    assert.ok(comparable(claim, total) && compatible(claim, total));
    // A bare number after "to" with no count before it stays no count.
    assert.deepEqual(
      q('The vote was moved to 2027 and then to 12.').filter((x) => x.dim === 'count'),
      [],
    );
  });

  it('reads what a figure at the end of its phrase counts from the words before its verb', () => {
    const tally = one('The cargo backlog stood at 214.');
    assert.equal(tally.value, 214);
    assert.ok(tally.what?.includes(tokenize('backlog')[0].stem));
    // The count a claim names meets it, another figure of it clashes, a count of something else is not compared.
    assert.ok(agree('The count of visitors on the pier was 380.', '380 visitors'));
    assert.ok(clash('The count of visitors on the pier was 380.', '350 visitors'));
    assert.ok(!comparable(one('The count of visitors on the pier was 380.'), one('380 seats')));
    // "number" says only that it is a figure: "the number of closed berths" counts the berths.
    assert.ok(!one('the number of closed berths was back up to about 1,000').what?.includes('number'));
    // "at" or "to" alone is a place or a range, not a verb: no count.
    for (const s of ['He lives at 12.', 'It goes up to 12.'])
      assert.deepEqual(
        q(s).filter((x) => x.dim === 'count'),
        [],
        s,
      );
  });

  it('reads a day written as an ordinal before the month as the date', () => {
    for (const s of ['the seventh of June', 'the 7th of June', 'on the seventh of June 2023'])
      assert.ok(agree(s, 'June 7'), s);
    assert.ok(clash('the seventh of June', 'June 8'));
    assert.equal(one('the twenty-sixth of June').value, 626);
    // An ordinal that is not a day of a month stays no date.
    assert.deepEqual(
      q('the first of the two closures').filter((x) => x.dim === 'date'),
      [],
    );
  });

  it('reads a date written day first, with or without an ordinal ("8th August", "26 May"), and not "26 may"', () => {
    for (const s of ['on 8th August', 'on 8 August', 'on the 8th of August', 'on 8th Aug. the ship left'])
      assert.ok(agree(s, 'Aug. 8'), s);
    assert.ok(clash('on 8th August', 'August 9'));
    assert.equal(one('It began on 26 May.').value, 526);
    // A lower-case "may" after a number is the verb, and an ordinal before another word ranks.
    assert.deepEqual(
      q('Prices of 26 may rise, said the 10th speaker.').filter((x) => x.dim === 'date'),
      [],
    );
  });

  it('reads a number in a name as no count ("Terminal 5", "Route 66"), and one after a possessive as one', () => {
    assert.deepEqual(q('The ferry left its Terminal 5 berth for Route 66.'), []);
    assert.equal(one("The Northwind's 40 crew members stayed aboard.").value, 40);
    assert.equal(one('Contoso runs 12 of the Class 7 ferries.').value, 12);
  });

  it('reads a number before a model\'s name ("320 Neo 2s") as no count, and counts the noun after a name\'s number', () => {
    assert.deepEqual(q('The regulator grounded all 320 Neo 2s after the incident.'), []);
    assert.deepEqual(one('Contoso runs 12 of the Class 7 ferries.').what, ['class', 'ferri']);
    assert.deepEqual(one('Contoso runs 65 Mark 4 ferries.').what, ['mark', 'ferri']);
    assert.equal(one('The county hired 40 FBI agents.').value, 40);
    assert.equal(one('The council hired 300 Harbor Line workers.').value, 300);
  });

  it("reads a person's age as an age, not a span of years or a count, and tells two people's ages apart", () => {
    assert.equal(one('The 64-year-old took a flashlight outside.').dim, 'age');
    assert.ok(agree('The 64-year-old took a flashlight outside.', 'Sauer, 64, grabbed a flashlight.'));
    assert.ok(agree('at the age of one year', 'the mice were 1 year old'));
    assert.ok(clash('Bob Sauer, 64, a teacher', 'Then Bob Sauer was 46 and'));
    assert.equal(one('a span of 64 years').dim, 'duration');
    // Whose age it is: Cabrera's 35 is not compared with Fuentes's 35.
    const [a, b] = q('Diver Cabrera was 35 and Fuentes was 26.');
    const [c, d] = q('Cabrera, 26, of Dundalk, and Fuentes, 35, of Baltimore');
    assert.ok(comparable(a, c) && !compatible(a, c));
    assert.ok(!comparable(a, d) && comparable(b, d) && !compatible(b, d));
    // Neither a list of numbers nor a date is an age.
    assert.ok(q('Piers 12, 64, 80 closed.').every((x) => x.dim !== 'age'));
    assert.equal(q('On May 5, 64 people left.').filter((x) => x.dim === 'age').length, 0);
  });

  it('reads "halfway" as half', () => {
    assert.ok(agree('the audit was roughly half done', 'the agency is about halfway through the audit'));
  });

  it('does not compare spans a hundred times apart', () => {
    assert.ok(!comparable(one('three days after the storm'), one('the largest in over two centuries')));
    assert.ok(clash('a closure of six months', 'a closure of six years'));
  });

  it('compares counts only of the same thing', () => {
    assert.ok(!comparable(one('two researchers'), one('five companies')));
    assert.ok(clash('three researchers', 'a pair of researchers'));
    assert.ok(agree('two human researchers', 'a pair of seasoned human researchers'));
  });

  it('does not take the article "a" for a number outside a unit', () => {
    assert.deepEqual(q('a company said so'), []);
    assert.deepEqual(q('may be a problem'), []);
  });
});
