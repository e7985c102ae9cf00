// Frozen as of 0041: a copy of `phoneticKey` from src/domain/phonetic-key.ts as it was when
// 0041 shipped. It must never follow the domain: a later change there would change the keys
// 0041 writes into a database that has not run it yet. A new version of the key ships as a
// new backfill migration with its own frozen copy (a test holds the domain to the latest).

// Devanagari consonants, without their inherent vowel. Retroflex and dental pairs share a
// letter: Latin spellings do not tell them apart. Nukta forms arrive as base + U+093C
// (NFD), and the nukta is dropped: ज़ and ज, फ़ and फ are spelled both ways.
const CONSONANTS: Record<string, string> = {
  क: 'k', ख: 'kh', ग: 'g', घ: 'gh', ङ: 'n',
  च: 'ch', छ: 'chh', ज: 'j', झ: 'jh', ञ: 'n',
  ट: 't', ठ: 'th', ड: 'd', ढ: 'dh', ण: 'n',
  त: 't', थ: 'th', द: 'd', ध: 'dh', न: 'n', ऩ: 'n',
  प: 'p', फ: 'ph', ब: 'b', भ: 'bh', म: 'm',
  य: 'y', र: 'r', ऱ: 'r', ल: 'l', ळ: 'l', ऴ: 'l', व: 'v',
  श: 'sh', ष: 'sh', स: 's', ह: 'h',
};

const VOWELS: Record<string, string> = {
  अ: 'a', आ: 'aa', इ: 'i', ई: 'ii', उ: 'u', ऊ: 'uu', ऋ: 'ri', ॠ: 'ri', ऌ: 'li',
  ए: 'e', ऐ: 'ai', ओ: 'o', औ: 'au', ऍ: 'e', ऎ: 'e', ऑ: 'o', ऒ: 'o', ॐ: 'om',
};

const MATRAS: Record<string, string> = {
  'ा': 'aa', 'ि': 'i', 'ी': 'ii', 'ु': 'u', 'ू': 'uu', 'ृ': 'ri', 'ॄ': 'ri',
  'े': 'e', 'ै': 'ai', 'ो': 'o', 'ौ': 'au', 'ॅ': 'e', 'ॆ': 'e', 'ॉ': 'o', 'ॊ': 'o',
};

const VIRAMA = '्';
const NUKTA = '़';
// Anusvara and chandrabindu are both written "n" in Latin (before p/b as "m", which the
// Latin folding below turns into "n" too). Visarga and avagraha are not written at all.
const NASALS = new Set(['ं', 'ँ']);
const SILENT = new Set(['ः', 'ऽ']);

function isDevanagari(char: string): boolean {
  return char >= '\u0900' && char <= '\u097f';
}

/**
 * Devanagari to plain Latin letters, every inherent vowel written out except the one at
 * the end of a word after a single consonant (राम → "raam", कमल → "kamal", but मित्र →
 * "mitra"): that one Hindi never says, and the Latin rules below could not tell it from a
 * written आ. Anything that is not Devanagari passes unchanged.
 */
function devanagariToLatin(text: string): string {
  const chars = [...text.normalize('NFD')].filter((char) => char !== NUKTA);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    let consonant = CONSONANTS[char];
    if (consonant === undefined) {
      if (VOWELS[char] !== undefined) out += VOWELS[char];
      else if (MATRAS[char] !== undefined) out += MATRAS[char];
      else if (NASALS.has(char)) out += 'n';
      else if (!SILENT.has(char) && char !== VIRAMA) out += isDevanagari(char) ? ' ' : char;
      continue;
    }
    // ज्ञ is said (and spelled) "gy" in Hindi: ज्ञान → "gyaan".
    if (char === 'ज' && chars[i + 1] === VIRAMA && chars[i + 2] === 'ञ') {
      consonant = 'gy';
      i += 2;
    }
    out += consonant;
    const next = chars[i + 1];
    if (next !== undefined && (MATRAS[next] !== undefined || next === VIRAMA)) continue;
    // The last consonant of a word says its a only after a conjunct (मित्र, आदित्य, कृष्ण).
    if (wordGoesOn(chars, i + 1) || chars[i - 1] === VIRAMA) out += 'a';
  }
  return out;
}

/** Whether a Devanagari letter or sign follows at `index` (the consonant before it is not the word's last). */
function wordGoesOn(chars: string[], index: number): boolean {
  const char = chars[index];
  if (char === undefined) return false;
  return CONSONANTS[char] !== undefined || VOWELS[char] !== undefined || NASALS.has(char) || SILENT.has(char);
}

const LATIN_VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const isVowel = (letter: string | undefined) => letter !== undefined && LATIN_VOWELS.has(letter);
const isConsonant = (letter: string | undefined) => letter !== undefined && !LATIN_VOWELS.has(letter);

/**
 * One word of plain Latin letters to its key. The order matters: letters first become one
 * letter a sound, then the word's ending is settled, runs collapse, and the a's go.
 */
function wordKey(word: string): string {
  const folded = word
    .replace(/x/g, 'ks')
    .replace(/que$/, 'k')
    .replace(/qui/g, 'ki')
    .replace(/q/g, 'k')
    .replace(/w/g, 'v')
    .replace(/z/g, 'j')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    // A c is k (Monica) unless it starts ch; ch and chh are one sound each, spelled either way: c.
    .replace(/c(?![ch])/g, 'k')
    .replace(/ch/g, 'c')
    // Aspiration is written or not (Shobha/Shoba, Sunitha/Sunita, Siddharth/Sidharth), and
    // sh is s: an h after these letters goes. After vowels, n, m, r, l, y, v it stays (Rahul, Kanhaiya).
    .replace(/([kgcjtdbps])h+/g, '$1')
    .replace(/ee/g, 'i')
    .replace(/oo/g, 'u')
    // ऐ and औ are spelled ai/e and au/ou/o (Vaishali, Qureshi/Quraishi, Gaurav/Gourav, Chauhan/Chohan).
    .replace(/ai/g, 'e')
    .replace(/[ao]u/g, 'o')
    // Word endings: Pandey/पांडे, Ajay/Ajai, Vicky/विक्की, Kishore/किशोर.
    .replace(/[ae]y$/, 'e')
    .replace(/([^aeiou])y$/, '$1i')
    .replace(/ore$/, 'or')
    // Singh/सिंह/Sinh: the nasal before a final h is said and spelled "ng".
    .replace(/nh$/, 'ng')
    .replace(/(.)\1+/g, '$1');
  return (
    dropSchwas(folded)
      // Pandeya/पाण्डेय; the Punjabi -inder/-ender for -indra/-endra (Surender/सुरेंद्र, Sukhwinder/सुखविंदर).
      .replace(/ey$/, 'e')
      .replace(/([^aeiou][^aeiou])er$/, '$1r')
      // Anusvara before p/b is spelled m (Champa/चंपा, Shambhu/शंभु).
      .replace(/m(?=[pbf])/g, 'n')
      .replace(/(.)\1+/g, '$1')
  );
}

/**
 * Hindi does not say many of the short a's its spelling implies (कमला is "kamla", जगदीश
 * "jagdish", रामप्रसाद "ramprasad", राम "ram"), and Latin spellings keep them or not
 * (Kamala/Kamla, Jagadish/Jagdish, Rama/Ram, Srivastava/Shrivastav). So every a between two
 * consonants goes except in the first syllable, and so does a final a after a consonant.
 * A long आ goes too: once folded, Latin cannot tell it apart. The price: names that differ
 * only there share a key (Kamal and Kamla, Manish and Manisha); the search ranks the
 * name's own spelling above any key match, so those come after it, not instead of it.
 */
function dropSchwas(word: string): string {
  const letters = [...word];
  const vowels = letters.flatMap((letter, index) => (isVowel(letter) ? [index] : []));
  const first = vowels[0];
  const kept = letters.filter((letter, i) => !(letter === 'a' && i !== first && isConsonant(letters[i - 1]) && isConsonant(letters[i + 1])));
  const end = kept.length - 1;
  if (kept[end] === 'a' && isConsonant(kept[end - 1]) && kept.slice(0, end).some(isVowel)) kept.pop();
  return kept.join('');
}

/** A name (any script, any case) to its phonetic key: one key a word, single spaces; empty when it has no letters. */
export function phoneticKeyV1(name: string): string {
  const latin = devanagariToLatin(name.normalize('NFC'))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return latin
    .split(/[^a-z]+/)
    .filter(Boolean)
    .map(wordKey)
    .filter(Boolean)
    .join(' ');
}
