import type { Random } from './generate-random'
import { weighted, type Weighted } from './generate-random'

// Fictional people for the benchmark database: Nordic first names and
// surnames weighted roughly as common as they are, so that a common surname
// ("Jensen" in Denmark, "Hansen" in Norway, "Virtanen" in Finland) matches
// many requests of the big organisation, as it would in real life.

type Country = 'DK' | 'NO' | 'FI'

const FIRST: Record<Country, string[]> = {
  DK: ['Anne', 'Kirsten', 'Mette', 'Hanne', 'Helle', 'Susanne', 'Lene', 'Maria', 'Marianne', 'Camilla', 'Ida', 'Freja', 'Sofie', 'Emma', 'Peter', 'Jens', 'Lars', 'Michael', 'Henrik', 'Søren', 'Thomas', 'Niels', 'Rasmus', 'Mads', 'Anders', 'Jørgen', 'Bent', 'Frederik', 'Mikkel', 'Aske', 'Åse', 'Bjørn', 'Else', 'Inger', 'Karen', 'Ole'],
  NO: ['Anne', 'Inger', 'Kari', 'Marit', 'Ingrid', 'Liv', 'Eva', 'Berit', 'Astrid', 'Nora', 'Sofie', 'Emma', 'Ingvild', 'Siri', 'Jan', 'Per', 'Bjørn', 'Ole', 'Lars', 'Kjell', 'Knut', 'Arne', 'Svein', 'Thomas', 'Geir', 'Håkon', 'Magnus', 'Jonas', 'Sindre', 'Øystein', 'Ånund', 'Tor', 'Áile', 'Máret', 'Niillas'],
  FI: ['Maria', 'Helena', 'Johanna', 'Anneli', 'Kaarina', 'Marjatta', 'Anna', 'Liisa', 'Aino', 'Eveliina', 'Sofia', 'Emilia', 'Juha', 'Timo', 'Matti', 'Kari', 'Mikko', 'Jari', 'Antti', 'Jukka', 'Mika', 'Markku', 'Pekka', 'Ville', 'Väinö', 'Eino', 'Onni', 'Elias', 'Äijä', 'Sámi'],
}

// Surname and weight (per thousand people, roughly).
const LAST: Record<Country, Array<[string, number]>> = {
  DK: [
    ['Jensen', 50], ['Nielsen', 48], ['Hansen', 38], ['Pedersen', 30], ['Andersen', 30], ['Christensen', 22], ['Larsen', 21], ['Sørensen', 20], ['Rasmussen', 17], ['Jørgensen', 15],
    ['Petersen', 14], ['Madsen', 11], ['Kristensen', 11], ['Olsen', 10], ['Thomsen', 9], ['Christiansen', 8], ['Poulsen', 8], ['Johansen', 8], ['Møller', 7], ['Mortensen', 7],
    ['Knudsen', 5], ['Jakobsen', 5], ['Mikkelsen', 5], ['Frederiksen', 4], ['Lund', 4], ['Holm', 4], ['Schmidt', 4], ['Kjær', 3], ['Skov', 3], ['Ravnsbjerg', 1], ['Østergaard', 3], ['Bækgaard', 1], ['Dalgaard', 2], ['Vestergaard', 2], ['Brøndum', 1],
  ],
  NO: [
    ['Hansen', 45], ['Johansen', 40], ['Olsen', 38], ['Larsen', 30], ['Andersen', 30], ['Pedersen', 28], ['Nilsen', 28], ['Kristiansen', 17], ['Jensen', 17], ['Karlsen', 16],
    ['Johnsen', 15], ['Pettersen', 14], ['Eriksen', 14], ['Berg', 13], ['Haugen', 11], ['Hagen', 11], ['Johannessen', 10], ['Andreassen', 9], ['Jacobsen', 9], ['Dahl', 8],
    ['Jørgensen', 7], ['Halvorsen', 7], ['Henriksen', 7], ['Lund', 6], ['Sørensen', 6], ['Solberg', 5], ['Bakken', 5], ['Strand', 5], ['Løken', 2], ['Ødegård', 2], ['Ŋuollaš', 1], ['Čiekču', 1], ['Sara', 2],
  ],
  FI: [
    ['Korhonen', 25], ['Virtanen', 25], ['Mäkinen', 22], ['Nieminen', 21], ['Mäkelä', 20], ['Hämäläinen', 19], ['Laine', 18], ['Heikkinen', 16], ['Koskinen', 16], ['Järvinen', 15],
    ['Lehtonen', 14], ['Lehtinen', 14], ['Saarinen', 13], ['Salminen', 13], ['Heinonen', 12], ['Niemi', 12], ['Heikkilä', 12], ['Kinnunen', 11], ['Salonen', 11], ['Turunen', 11],
    ['Salo', 10], ['Laitinen', 10], ['Tuominen', 10], ['Rantanen', 10], ['Karjalainen', 10], ['Jokinen', 9], ['Mattila', 9], ['Savolainen', 9], ['Lahtinen', 8], ['Ahonen', 8],
  ],
}

const STREETS: Record<Country, string[]> = {
  DK: ['Vestergade', 'Østergade', 'Nørregade', 'Søndergade', 'Skovvej', 'Bakkevej', 'Strandvejen', 'Kirkevej', 'Møllevej', 'Engvej'],
  NO: ['Storgata', 'Kirkegata', 'Skolegata', 'Fjordveien', 'Bakkeveien', 'Granveien', 'Bjørkeveien', 'Havnegata', 'Elveveien', 'Solbakken'],
  FI: ['Kauppakatu', 'Koulukatu', 'Rantatie', 'Kirkkokatu', 'Puistokatu', 'Mäntytie', 'Koivutie', 'Myllytie', 'Asemakatu', 'Järvenrannantie'],
}
const TOWNS: Record<Country, Array<[string, string]>> = {
  DK: [['8000', 'Aarhus C'], ['5000', 'Odense C'], ['9000', 'Aalborg'], ['2100', 'København Ø'], ['6700', 'Esbjerg'], ['7100', 'Vejle'], ['4000', 'Roskilde'], ['8900', 'Randers C']],
  NO: [['0150', 'Oslo'], ['5003', 'Bergen'], ['7010', 'Trondheim'], ['4006', 'Stavanger'], ['9008', 'Tromsø'], ['9520', 'Kautokeino'], ['2317', 'Hamar'], ['3015', 'Drammen']],
  FI: [['00100', 'Helsinki'], ['33100', 'Tampere'], ['20100', 'Turku'], ['90100', 'Oulu'], ['40100', 'Jyväskylä'], ['70100', 'Kuopio'], ['96100', 'Rovaniemi'], ['15110', 'Lahti']],
}

const MAIL_HOSTS = ['mail.example', 'post.example', 'inbox.example', 'webmail.example', 'net.example']

const lastTables = new Map<Country, Weighted<string>>()
function lastTable(country: Country): Weighted<string> {
  let table = lastTables.get(country)
  if (!table) lastTables.set(country, (table = weighted(LAST[country])))
  return table
}

/** The most common surname in a country's list: what a benchmark searches for. */
export function commonSurname(country: Country): string {
  return [...LAST[country]].sort((a, b) => b[1] - a[1])[0]![0]
}

export type Person = { name: string; email: string; phone: string; address: string }

const ascii = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[ŋŊ]/g, 'n')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')

/** A person living mostly in the organisation's country (one in ten from a neighbour). */
export function person(random: Random, country: Country, serial: number): Person {
  const from: Country = random.chance(0.1) ? random.pick((['DK', 'NO', 'FI'] as const).filter((c) => c !== country)) : country
  const first = random.pick(FIRST[from])
  const middle = random.chance(0.15) ? ` ${random.pick(FIRST[from])}` : ''
  const last = random.weighted(lastTable(from))
  const double = random.chance(0.05) ? `-${random.weighted(lastTable(from))}` : ''
  const name = `${first}${middle} ${last}${double}`
  const email = `${ascii(first)}.${ascii(last)}${serial % 997}@${random.pick(MAIL_HOSTS)}`
  const phone = phoneNumber(random, from)
  const [postcode, town] = random.pick(TOWNS[from])
  const address = `${random.pick(STREETS[from])} ${random.between(1, 140)}, ${postcode} ${town}`
  return { name, email, phone, address }
}

/** A number in the country's own format, in the ranges mobile numbers use. */
function phoneNumber(random: Random, country: Country): string {
  const d = (n: number) => Array.from({ length: n }, () => random.int(10)).join('')
  if (country === 'DK') return `+45 ${random.pick(['20', '30', '40', '50', '60', '71', '81', '91'])} ${d(2)} ${d(2)} ${d(2)}`
  if (country === 'NO') return `+47 ${random.pick(['4', '9'])}${d(2)} ${d(2)} ${d(3)}`
  return `+358 ${random.pick(['40', '44', '45', '50'])} ${d(3)} ${d(4)}`
}
