import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../paths.ts';
import type { OrganisationKind } from '../../db/schema.ts';
import type { ReportingSchedule } from '../../domain/periods.ts';

/** The curated data files shipped in the repository's `seed-data/` folder. */
export const SEED_DATA_DIR = path.join(ROOT, 'seed-data');

export interface DirectoryFile {
  organisations: {
    id: string;
    name: string;
    shortName?: string;
    kind: OrganisationKind;
    parent: string | null;
    district?: string;
    note?: string;
    aliases: string[];
  }[];
  communities: {
    file: string;
    idPrefix: string;
    nameSuffix: string;
    byConsent: boolean;
    parentByDistrict: Record<string, string>;
  };
  groups: {
    id: string;
    name: string;
    owner: string;
    byConsent: boolean;
    members: string[] | 'communities';
    description?: string;
    aliases: string[];
  }[];
}

export interface PlanFile {
  id: string;
  title: string;
  shortTitle?: string;
  legal: { kind: string; issuer: string; number: string; date: string };
  start: string;
  end: string;
  owner: string;
  coordinator: string;
  state: 'draft' | 'active' | 'closed' | 'archived';
  schedule: ReportingSchedule;
  reportsTo?: string;
  controlledBy?: string;
  sourceNote?: string;
  /** A file in seed-data with the default indicators, by measure code. */
  indicators?: string;
  goals: {
    number: number;
    title: string;
    tasks: {
      number: number;
      title: string;
      measures: {
        code: string;
        title: string;
        deadline: string | null;
        deadlineNote?: 'not_stated';
        note?: string;
        executors: ({ organisation: string; asWritten: string } | { group: string; asWritten: string })[];
      }[];
    }[];
  }[];
}

export interface Community {
  district: string;
  name: string;
  transliteration: string;
  sourceConfidence: 'listed' | 'probable';
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(SEED_DATA_DIR, file), 'utf8')) as T;
}

/** Reads the communities CSV: district,community,transliteration,source_confidence. */
export function readCommunities(file: string): Community[] {
  const lines = fs.readFileSync(path.join(SEED_DATA_DIR, file), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const [header, ...rows] = lines;
  if (header?.trim() !== 'district,community,transliteration,source_confidence') throw new Error(`${file}: unexpected header`);
  return rows.map((line, i) => {
    const [district, name, transliteration, confidence] = line.split(',').map((s) => s.trim());
    if (!district || !name || !transliteration || (confidence !== 'listed' && confidence !== 'probable')) {
      throw new Error(`${file}: line ${i + 2} is not district,community,transliteration,listed|probable`);
    }
    return { district, name, transliteration, sourceConfidence: confidence };
  });
}

export function communityId(prefix: string, transliteration: string): string {
  return prefix + transliteration.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export const DIRECTORY_FILE = 'directory-poltava.json';
export interface IndicatorFile {
  measures: Record<string, { code: string; name: string; unit: string; kind: 'count' | 'sum' | 'money' | 'boolean'; sensitive?: boolean; additiveAcrossKinds?: boolean }[]>;
}

export const PLAN_FILES = ['plan-609-poltava-2023.json'];
