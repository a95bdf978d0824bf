/** How a resource's records are named in its messages, summaries and operation ids, from its declaration. */
export interface Nouns {
  /** `vet visit` */
  readonly one: string;
  /** `a vet visit` */
  readonly aOne: string;
  /** `A vet visit` */
  readonly AOne: string;
  /** `vet visits` */
  readonly many: string;
  /** `VetVisit` */
  readonly One: string;
  /** `VetVisits` */
  readonly Many: string;
}

const words = (snake: string): string[] => snake.split('_').filter((word) => word !== '');
const pascal = (snake: string): string =>
  words(snake)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

export function nounsOf(table: string, singular: string): Nouns {
  const one = words(singular).join(' ');
  const article = /^[aeiou]/.test(one) ? 'an' : 'a';
  return {
    one,
    aOne: `${article} ${one}`,
    AOne: `${article.toUpperCase().slice(0, 1)}${article.slice(1)} ${one}`,
    many: words(table).join(' '),
    One: pascal(singular),
    Many: pascal(table),
  };
}
