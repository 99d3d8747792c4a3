import { buildIndex } from '../../src/core';
import { passageIndexContract } from './passageIndex.contract';

passageIndexContract('in memory', (files) => buildIndex({ files }));
