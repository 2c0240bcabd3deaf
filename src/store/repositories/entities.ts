// The entities repository: each article's annotation, and the store-wide entities (names resolved across
// articles, with aliases, roles and quotes) that entity pages read.
import type { Annotation, EntityType, Quote } from '../../types.ts';

export interface EntityRecord {
  canonical: string;
  type: EntityType;
  aliases: string[];
  roles: { role: string; articleId: string }[];
  storyIds: string[];
  mentions: number;
}

export interface EntityRepository {
  /** Stores the annotation and resolves its names against the entities stored from other articles. */
  saveAnnotation(articleId: string, ann: Annotation): Promise<void>;
  getAnnotation(articleId: string): Promise<Annotation | null>;
  getEntity(canonical: string): Promise<EntityRecord | null>;
  quotesBy(canonical: string, limit: number): Promise<(Quote & { articleId: string })[]>;
}
