// The briefs repository: every version of each story's brief, numbered per story.
import type { Brief, StoredBrief } from '../../types.ts';

export interface BriefRepository {
  saveBrief(storyId: string, brief: Brief): Promise<StoredBrief>;
  getBrief(storyId: string, version?: number): Promise<StoredBrief | null>;
  listBriefVersions(storyId: string): Promise<{ version: number; createdAt: string }[]>;
}
