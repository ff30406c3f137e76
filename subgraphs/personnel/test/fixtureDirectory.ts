import type { DirectoryUnit } from '@home-affairs/unit-directory';
import { type DirectoryUnitRow, directoryUnit } from '@home-affairs/unit-directory/testing';
import type { UnitDirectorySnapshot } from '../src/directory/unitDirectoryFromGraph.ts';

/** A unit version whose full name has its level's word (`Tỉnh Nghệ An`): committees are named after it. */
function unit(row: DirectoryUnitRow, validFrom: string | null = null): DirectoryUnit {
  const [, level, name] = row;
  const word = { PROVINCE: 'Tỉnh', DISTRICT: 'Huyện', COMMUNE: 'Xã' }[level];
  return directoryUnit(row, { fullName: `${word} ${name}`, validFrom });
}

/**
 * A small directory shaped like the real one: Nghệ An (40) keeps its code; Quảng Bình (44) merged
 * into Quảng Trị (45); districts 412 and 450 are abolished; commune 16684 merged into 16681, which
 * kept its code; 16690 is a new commune of 2025-07-01; 19000 kept its code but changed province.
 */
export const fixtureDirectory: UnitDirectorySnapshot = {
  currentDay: '2026-11-01',
  beforeReform: [
    unit(['40', 'PROVINCE', 'Nghệ An', null, '40', ['40']]),
    unit(['44', 'PROVINCE', 'Quảng Bình', null, '44', ['45']]),
    unit(['45', 'PROVINCE', 'Quảng Trị', null, '45', ['45']]),
    unit(['412', 'DISTRICT', 'Hưng Nguyên', '40', '40', ['16681', '16690']]),
    unit(['450', 'DISTRICT', 'Bố Trạch', '44', '44', ['19000']]),
    unit(['16681', 'COMMUNE', 'Hưng Lộc', '412', '40', ['16681']]),
    unit(['16684', 'COMMUNE', 'Hưng Thịnh', '412', '40', ['16681']]),
    unit(['16687', 'COMMUNE', 'Hưng Tân', '412', '40', ['16690']]),
    unit(['19000', 'COMMUNE', 'Hoàn Lão', '450', '44', ['19000']]),
  ],
  current: [
    unit(['40', 'PROVINCE', 'Nghệ An', null, '40', ['40']]),
    unit(['45', 'PROVINCE', 'Quảng Trị', null, '45', ['45']], '2025-07-01'),
    unit(['16681', 'COMMUNE', 'Hưng Nguyên', '40', '40', ['16681']], '2025-07-01'),
    unit(['16690', 'COMMUNE', 'Hưng Nguyên Nam', '40', '40', ['16690']], '2025-07-01'),
    unit(['19000', 'COMMUNE', 'Bố Trạch', '45', '45', ['19000']], '2025-07-01'),
  ],
};
