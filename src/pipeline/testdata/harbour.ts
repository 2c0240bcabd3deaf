// An invented local story for pipeline tests: a harbour bridge (approved, then its cost rises) beside an
// unrelated ferry strike, written so clustering files the two bridge reports together and the ferry apart.
import type { IngestInput } from '../ingest.ts';

export const bridgeApproved: IngestInput = {
  id: 'b1',
  url: 'https://gazette.example/bridge',
  title: 'Council approves harbour bridge',
  text: 'The city council approved the new harbour bridge on Tuesday. Mayor Mara Quinn said the vote "ends ten years of waiting". Construction starts in the autumn.',
  published: '2024-05-01T09:00:00Z',
  source: 'Harbour Gazette',
};

export const ferryStrike: IngestInput = {
  id: 'f1',
  url: 'https://citywire.example/ferry',
  title: 'Ferry strike halts crossings',
  text: 'Ferry crews walked out on Monday, halting every crossing of the bay. The union said talks had failed. Commuters queued for buses instead.',
  published: '2024-05-02T09:00:00Z',
  source: 'City Wire',
};

export const bridgeCostRises: IngestInput = {
  id: 'b2',
  url: 'https://citywire.example/bridge-cost',
  title: 'Harbour bridge cost rises to 410 million',
  text: 'The estimated cost of the new harbour bridge approved by the city council has risen to 410 million. Finance officer Leo Brandt warned that the budget leaves little margin. Mayor Mara Quinn denied that the project was in trouble.',
  published: '2024-05-05T07:00:00Z',
  source: 'City Wire',
};
